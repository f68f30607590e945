"""The members screens."""
