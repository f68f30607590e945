"""Documents of the activities: the volunteering attestation."""
