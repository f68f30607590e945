"""The documents screens."""
