"""The association's profile, its settings, and the numbering of its documents.

Depends on: common, attachments (the logo). Association sits below the domains that read its
settings and draw its numbers (books, members, governance, donations, funding, activities), so
it imports none of them: creating a new file, which seeds the reference lists of books,
governance and members, and the heading that shows the books' fiscal year are in
`core/association_file.py`, above the domains.
"""
