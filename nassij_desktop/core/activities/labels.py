"""What the kinds of activity and the beneficiaries' groups are called (N_-marked: translate
with _() where shown), for the command line and the documents."""

from __future__ import annotations

from nassij_desktop.core.activities.models import ActivityKind, AgeGroup
from nassij_desktop.i18n import N_

ACTIVITY_KIND_LABELS = {
    ActivityKind.TRAINING: N_("Training"),
    ActivityKind.AWARENESS: N_("Awareness campaign"),
    ActivityKind.DISTRIBUTION: N_("Distribution"),
    ActivityKind.CULTURAL: N_("Cultural activity"),
    ActivityKind.SPORTS: N_("Sports activity"),
    ActivityKind.HEALTH: N_("Health activity"),
    ActivityKind.ENVIRONMENT: N_("Environmental activity"),
    ActivityKind.MEETING: N_("Meeting"),
    ActivityKind.OTHER: N_("Other activity"),
}

AGE_GROUP_LABELS = {
    AgeGroup.CHILD: N_("0 to 14 years"),
    AgeGroup.YOUTH: N_("15 to 24 years"),
    AgeGroup.ADULT: N_("25 to 59 years"),
    AgeGroup.SENIOR: N_("60 years and over"),
}
