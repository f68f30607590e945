"""Help: the user guide's window (F1)."""
