"""Activities logged by volunteers: programmes, beneficiaries, volunteer hours, photos.

Depends on: common, members, association (regions), funding (a linked project or funding
request is checked to exist). Photos are attachments referred to by id (a foreign key), without
importing attachments.
"""
