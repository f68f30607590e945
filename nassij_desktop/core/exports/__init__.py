"""Exports of the association's data for other programs: the whole association as an XLSX
workbook or a folder of CSV files (`association.py`), the members list as a search shows it
(`members.py`), and the association's profile as JSON or CSV through a swappable field
mapping (`profile.py`). Each sheet is read as it is written (bounded memory) and only when
the actor may read its domain; identity data is masked as the register masks it.

Above the domains, as `core/due.py`. Depends on: common, association, members, books,
donations, funding, governance, activities.
"""
