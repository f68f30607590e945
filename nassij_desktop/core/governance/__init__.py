"""Board terms and seats, general assemblies (agenda, attendance, resolutions), and the
declarations filed with the local authority.

Depends on: common, members, association (settings: proxies per holder, the declaration
delay).
"""
