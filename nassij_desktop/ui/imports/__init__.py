"""The import assistant: members or dues from a CSV or XLSX file (core/imports)."""
