"""Funders, projects, funding requests with their status history, budgets and checklists,
tranches received, and the declarations of foreign funding to the SGG.

Depends on: common, association (settings: the SGG declaration delay), books (tranches post
to the ledger; projects carry an analytic tag). Attachments are referred to by id (foreign
keys); only `documents` (the files of a checklist) imports attachments.
"""
