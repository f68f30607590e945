"""User accounts, roles and authentication.

Depends on: common.
"""
