"""Activities logged by volunteers: programmes, beneficiaries, volunteer hours, photos.

Depends on: common, members, attachments; refers to funding projects and requests by id.
"""
