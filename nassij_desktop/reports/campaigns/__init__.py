"""Documents of the fundraising campaigns (law 18-18)."""
