"""The users screens."""
