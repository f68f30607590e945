"""Activities logged by volunteers: programmes, beneficiaries, volunteer hours, photos.

Depends on: common, attachments (the photos and attendance sheets, stored as every file is),
members, association (regions), funding (a linked project or funding request is checked to
exist).
"""
