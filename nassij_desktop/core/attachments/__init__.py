"""Files kept inside the database: content-addressed blobs and the attachments that name them.

Depends on: common.
"""
