"""The member register: people, their statuses over time, categories and yearly dues.

Depends on: common, association (numbering, settings), books (`books.receipts` only: dues post
through books' public posting function; members never reach into books' tables).
"""
