"""The first-run assistant: language, then a new association, an existing file or a demo."""
