"""The desktop shell: start-up, opening files, the main window and its navigation."""
