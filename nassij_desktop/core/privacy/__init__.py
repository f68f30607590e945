"""Personal data under law 09-08 (CNDP): what the file holds about one person, gathered for
their right of access (`access.personal_data`); their identity taken out on request while the
books and the minutes stay valid (`anonymise.anonymise_member`); and the retention rule that
anonymises the members gone for some years (`retention`). Administrators only
(`Permission.PRIVACY_MANAGE`).

Above the domains, as `core/due.py` and `core/exports/`: it reads and rewrites what each
domain copied of a person (a donation's donor, an entry's third party, an audit entry's
values), so every domain's contract forbids it.

Depends on: common, association, attachments, books, members, donations, governance,
activities, users, audit_log.
"""
