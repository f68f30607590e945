"""The treasurer's books: chart of accounts, fiscal years, journals, balanced entries,
treasury (bank and cash) accounts, analytic tags and budgets.

Depends on: common; `receipts` (money received: dues, donations, grant tranches) also on
association's numbering counters, posting settings and fiscal-year start; `vouchers` (the
scanned voucher of an entry) also on attachments. Funders and other attachments are referred
to by id, so that the entries carry what the law asks (donor,
project, agreement number and date, voucher) without books importing another domain.
"""
