"""The demo association generator, above core: it may import core, storage and i18n, and only
the demo command and the first-run assistant import it.

`build_demo(database, members=…, seed=…)` (builder.py) fills a new, empty file with a
believable Moroccan association: members and dues, board and assemblies, activities, funders
and requests, and two years of balanced books. The same seed gives the same association. One
module per domain: people (names, places), members (register, dues, accounts), governance,
funding, activities, donations, books (the ledger in date order), content (the texts).

It writes only through core's services (the batch ones for members, their departures and
dues), so that every rule — validation, numbering without gaps, the audit log and its hash
chain, permissions — applies to demo data as to a user's.
"""
