"""Pieces every screen shares: the application context, the page base class, language switch."""
