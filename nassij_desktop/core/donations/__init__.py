"""Donations received (هبات وتبرعات / dons): numbered receipts, in cash or in kind, posted to
the books; cancelled by a reversing entry, never deleted. Fundraising campaigns under law
18-18 (`campaigns`): the gifts collected under an authorisation, the report due 30 days after
its end, the declarations before a distribution of aid in kind.

Depends on: common, association (the fiscal year's first month), books (receipts are numbered
and posted by `books.receipts`), members (a donor may be a member; payment methods).
"""
