"""Nassij Desktop: run a Moroccan association offline, in Arabic and French."""

__version__ = "0.1.0"
