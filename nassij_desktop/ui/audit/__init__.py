"""The Audit log page."""
