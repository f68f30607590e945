"""Funders, projects, funding requests with their status history, budgets and checklists,
tranches received, and the declarations of foreign funding to the SGG.

Depends on: common, attachments, books (tranches post to the ledger; projects carry an
analytic tag).
"""
