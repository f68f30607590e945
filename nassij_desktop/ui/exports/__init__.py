"""File ▸ Export the association… (the whole association, or its profile for the portal)."""
