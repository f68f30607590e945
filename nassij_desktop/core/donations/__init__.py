"""Donations received (هبات وتبرعات / dons): numbered receipts, in cash or in kind, posted to
the books; cancelled by a reversing entry, never deleted.

Depends on: common, association (the fiscal year's first month), books (receipts are numbered
and posted by `books.receipts`), members (a donor may be a member; payment methods).
"""
