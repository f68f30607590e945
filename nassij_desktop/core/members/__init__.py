"""The member register: people, their statuses over time, categories and yearly dues.

Depends on: common, association (numbering). Dues post to books through books' public
posting function; members never reach into books' tables.
"""
