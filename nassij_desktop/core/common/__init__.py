"""What every domain shares: money, errors, permissions, audit, text normalisation, the base model.

Depends on: i18n only.
"""
