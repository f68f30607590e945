"""The books' documents: financial report, public-aid account, trial balance, ledger, journal."""
