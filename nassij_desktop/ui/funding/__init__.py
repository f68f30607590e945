"""The Funding page: the funders' register and the pipeline of funding requests, with their
status history, budget, checklist and tranches (services: core/funding/services.py)."""
