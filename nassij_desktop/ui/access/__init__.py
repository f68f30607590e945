"""Login, roles in the interface, and the automatic lock."""
