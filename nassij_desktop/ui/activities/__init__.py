"""The Activities page: the list and month calendar of activities, and the one-minute form."""
