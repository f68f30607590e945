"""Documents of the personal data held about a person (law 09-08)."""
