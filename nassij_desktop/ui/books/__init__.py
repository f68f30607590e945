"""The Treasury page: entries, quick-entry forms, treasury accounts and their balances."""
