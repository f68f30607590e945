"""The user guide as a PDF (docs/guide through the report engine)."""
