"""Board terms and seats, general assemblies (agenda, attendance, resolutions), and the
declarations filed with the local authority.

Depends on: common, members.
"""
