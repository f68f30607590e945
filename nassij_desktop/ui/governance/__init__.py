"""The board and assemblies screens."""
