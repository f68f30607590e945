"""The association's profile, its settings, and the numbering of its documents.

Depends on: common, attachments.
"""
