"""Receipts for money received: dues and donations, on one layout."""
