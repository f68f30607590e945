"""Importing a register kept elsewhere: members and their dues history from CSV or XLSX.

`reading.read_table` reads a file (encoding, separator, header row, rows with their line
numbers), `mapping.propose_mapping` says which column holds which field (headers in French,
Arabic and English; a column written in Arabic script goes to the Arabic fields), and
`members.check_import` / `members.import_members` (`dues.check_dues_import` /
`dues.import_dues`) check every row with the members' own rules and write the whole file in
one transaction through the batch services, or nothing.

Depends on: common, members (its batch services and checks).
"""
