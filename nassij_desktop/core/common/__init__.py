"""What every domain shares: money, errors, permissions, audit, text normalisation, the base
model, the clock.

Depends on: i18n only.
"""
