"""The words of the activities screens: kinds of activity, age bands, genders as counted."""

from __future__ import annotations

from nassij_desktop.core.activities.models import ActivityKind, AgeGroup
from nassij_desktop.core.members.models import Gender
from nassij_desktop.i18n import N_, _

KIND_LABELS = {
    ActivityKind.TRAINING: N_("Training"),
    ActivityKind.AWARENESS: N_("Awareness campaign"),
    ActivityKind.DISTRIBUTION: N_("Distribution"),
    ActivityKind.CULTURAL: N_("Cultural activity"),
    ActivityKind.SPORTS: N_("Sports activity"),
    ActivityKind.HEALTH: N_("Health activity"),
    ActivityKind.ENVIRONMENT: N_("Environment activity"),
    ActivityKind.MEETING: N_("Meeting"),
    ActivityKind.OTHER: N_("Other activity"),
}

# Beneficiaries are counted, never named: a row per gender (plural: a group of people).
COUNTED_GENDER_LABELS = {Gender.FEMALE: N_("Women and girls"), Gender.MALE: N_("Men and boys")}
COUNTED_GENDERS = (Gender.FEMALE, Gender.MALE)


def age_band_label(band: AgeGroup) -> str:
    """ "0-14" reads "0–14 years", "60+" reads "60 years and over"."""
    if band.value.endswith("+"):
        return _("{age} years and over").format(age=band.value[:-1])
    low, high = band.value.split("-")
    return _("{low}–{high} years").format(low=low, high=high)


def kind_label(kind: ActivityKind) -> str:
    return _(KIND_LABELS[kind])
