"""The logical framework of a funding request, written and read as one structure.

`set_request_logframe` replaces the whole framework (objective, target beneficiaries, results
in their order with their activities and indicators): the screen edits it as a tree and saves
it at once, and the values achieved are recorded later the same way, whatever the request's
status. A refusal names its field and where it is ("Result 2, indicator 1: …", `row` = the
result's number). `request_logframe` reads it back as frozen records, or None when the
request has none yet.

Every text of the framework (objective, beneficiaries, the labels, the units) is a
`core.common.bilingual.Bilingual`: typed in Arabic and/or French, at least one where a text is
required; a text given as one string goes into the language of its script. A document reads
it with `Bilingual.text(lang)` (its language, else the other).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from nassij_desktop.core.common import audit
from nassij_desktop.core.common.bilingual import Bilingual, clean_bilingual
from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.service import check_version, get_or_fail
from nassij_desktop.core.common.validators import TextKind, column_length
from nassij_desktop.core.funding.logframe_models import (
    ExpectedResult,
    Indicator,
    Logframe,
    PlannedActivity,
)
from nassij_desktop.core.funding.models import FundingRequest
from nassij_desktop.i18n import _

MAX_FIGURE = Decimal(10) ** 12
Figure = Decimal | int | str | None
Text = Bilingual | str  # str: in the language of its script (core/common/bilingual.py)


# --- what is written -----------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityData:
    label: Text
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


@dataclass(frozen=True)
class IndicatorData:
    """A figure in `unit`, from `baseline` to `target`; `achieved` once measured. Figures may be
    given as text ("12,5")."""

    label: Text
    unit: Text | None = None
    baseline: Figure = None
    target: Figure = None
    achieved: Figure = None


@dataclass(frozen=True)
class ResultData:
    label: Text
    activities: Sequence[ActivityData] = ()
    indicators: Sequence[IndicatorData] = ()


@dataclass(frozen=True)
class LogframeData:
    objective: Text
    results: Sequence[ResultData] = ()
    beneficiaries_count: int | None = None
    beneficiaries: Text | None = None  # who they are


# --- what is read ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityRecord:
    position: int
    label: Bilingual
    starts_on: dt.date | None
    ends_on: dt.date | None


@dataclass(frozen=True)
class IndicatorRecord:
    position: int
    label: Bilingual
    unit: Bilingual
    baseline: Decimal | None
    target: Decimal | None
    achieved: Decimal | None


@dataclass(frozen=True)
class ResultRecord:
    position: int
    label: Bilingual
    activities: tuple[ActivityRecord, ...]
    indicators: tuple[IndicatorRecord, ...]


@dataclass(frozen=True)
class LogframeRecord:
    request_id: int
    version: int
    objective: Bilingual
    beneficiaries_count: int | None
    beneficiaries: Bilingual
    results: tuple[ResultRecord, ...]

    @property
    def period(self) -> tuple[dt.date | None, dt.date | None]:
        """The first start and the last end of the activities (the schedule's span)."""
        activities = [a for r in self.results for a in r.activities]
        starts = [a.starts_on for a in activities if a.starts_on]
        ends = [a.ends_on for a in activities if a.ends_on]
        return (min(starts, default=None), max(ends, default=None))


def logframe_record(logframe: Logframe) -> LogframeRecord:
    return LogframeRecord(
        request_id=logframe.request_id,
        version=logframe.version,
        objective=logframe.objective,
        beneficiaries_count=logframe.beneficiaries_count,
        beneficiaries=logframe.beneficiaries,
        results=tuple(
            ResultRecord(
                r.position,
                r.label,
                tuple(
                    ActivityRecord(a.position, a.label, a.starts_on, a.ends_on)
                    for a in r.activities
                ),
                tuple(
                    IndicatorRecord(i.position, i.label, i.unit, i.baseline, i.target, i.achieved)
                    for i in r.indicators
                ),
            )
            for r in logframe.results
        ),
    )


# --- checks ---------------------------------------------------------------------------------


def _texts(
    value: Any,
    column: Any,
    field: str,
    kind: TextKind = TextKind.LINE,
    required: str | None = None,
) -> Bilingual:
    """A text in Arabic and/or French, each cleaned and no longer than `column` (the Arabic
    and the French columns have the same length); `required`: refused when in neither."""
    if value is not None and not isinstance(value, str | Bilingual):
        raise ValidationError(field, _("Unknown field: {field}").format(field=field))
    return clean_bilingual(
        value, field=field, kind=kind, max_length=column_length(column), required=required
    )


def figure(value: Figure, field: str) -> Decimal | None:
    """A figure of an indicator: empty, or a number (a decimal comma is accepted)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationError(field, _("Give a number."))
    if isinstance(value, str):
        value = value.strip().replace(",", ".").replace("\u00a0", "").replace(" ", "")
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(field, _("Give a number.")) from None
    if not number.is_finite() or abs(number) >= MAX_FIGURE:
        raise ValidationError(field, _("Give a number."))
    return number


def _where(error: NassijError, place: str, row: int) -> ValidationError:
    """`error` said of one place of the framework ("Result 2, indicator 1")."""
    field = error.field if isinstance(error, ValidationError) else "results"
    message = _("{place}: {message}").format(place=place, message=error.message)
    return ValidationError(field, message, row=row)


@dataclass(frozen=True)
class _Checked:
    objective: Bilingual
    beneficiaries_count: int | None
    beneficiaries: Bilingual
    results: list[tuple[Bilingual, list[dict[str, Any]], list[dict[str, Any]]]]


def _checked(data: LogframeData) -> _Checked:
    objective = _texts(
        data.objective,
        Logframe.objective_ar,
        "objective",
        TextKind.TEXT,
        required=_("Give the objective of the project."),
    )
    count = data.beneficiaries_count
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 0):
        raise ValidationError(
            "beneficiaries_count", _("The number of beneficiaries is a whole number from 0.")
        )
    beneficiaries = _texts(
        data.beneficiaries, Logframe.beneficiaries_ar, "beneficiaries", TextKind.TEXT
    )
    if not data.results:
        raise ValidationError("results", _("Give at least one expected result."))
    results = []
    for n, result in enumerate(data.results, start=1):
        place = _("Result {n}").format(n=n)
        try:
            label = _texts(
                result.label,
                ExpectedResult.label_ar,
                "result",
                required=_("Give the expected result."),
            )
        except NassijError as error:
            raise _where(error, place, n) from None
        activities = []
        for m, activity in enumerate(result.activities, start=1):
            try:
                text = _texts(
                    activity.label,
                    PlannedActivity.label_ar,
                    "activity",
                    required=_("Give the activity."),
                )
                if (
                    activity.starts_on
                    and activity.ends_on
                    and activity.ends_on < activity.starts_on
                ):
                    raise ValidationError("ends_on", _("The end date is before the start date."))
            except NassijError as error:
                where = _("Result {n}, activity {m}").format(n=n, m=m)
                raise _where(error, where, n) from None
            activities.append(
                {"label": text, "starts_on": activity.starts_on, "ends_on": activity.ends_on}
            )
        indicators = []
        for m, indicator in enumerate(result.indicators, start=1):
            try:
                text = _texts(
                    indicator.label,
                    Indicator.label_ar,
                    "indicator",
                    required=_("Give the indicator."),
                )
                values = {
                    "label": text,
                    "unit": _texts(indicator.unit, Indicator.unit_ar, "unit", TextKind.NAME),
                    "baseline": figure(indicator.baseline, "baseline"),
                    "target": figure(indicator.target, "target"),
                    "achieved": figure(indicator.achieved, "achieved"),
                }
                if values["target"] is None:
                    raise ValidationError("target", _("Give the target of the indicator."))
            except NassijError as error:
                where = _("Result {n}, indicator {m}").format(n=n, m=m)
                raise _where(error, where, n) from None
            indicators.append(values)
        results.append((label, activities, indicators))
    return _Checked(objective, count, beneficiaries, results)


def _audit(logframe: Logframe) -> dict[str, Any]:
    return {
        "request_id": logframe.request_id,
        "objective": logframe.objective.pair(),
        "beneficiaries_count": logframe.beneficiaries_count,
        "beneficiaries": logframe.beneficiaries.pair(),
        "results": [
            {
                "label": r.label.pair(),
                "activities": [
                    [
                        a.label.pair(),
                        a.starts_on and a.starts_on.isoformat(),
                        a.ends_on and a.ends_on.isoformat(),
                    ]
                    for a in r.activities
                ],
                "indicators": [
                    [
                        i.label.pair(),
                        i.unit.pair(),
                        *(
                            str(v) if v is not None else None
                            for v in (i.baseline, i.target, i.achieved)
                        ),
                    ]
                    for i in r.indicators
                ],
            }
            for r in logframe.results
        ],
    }


# --- services -------------------------------------------------------------------------------


def _logframe_of(session: Session, request_id: int) -> Logframe | None:
    return session.scalar(sa.select(Logframe).where(Logframe.request_id == request_id))


def set_request_logframe(
    session: Session,
    actor: Actor,
    request_id: int,
    data: LogframeData,
    *,
    expected_version: int | None = None,
) -> LogframeRecord:
    """Give a request its logical framework, or replace it whole (the achieved values too);
    `expected_version`: the version read, refused when someone saved since."""
    actor.require(Permission.FUNDING_WRITE)
    get_or_fail(session, FundingRequest, request_id, _("funding request"))
    checked = _checked(data)
    logframe = _logframe_of(session, request_id)
    before = None
    if logframe is None:
        logframe = Logframe(request_id=request_id, objective=checked.objective)
        session.add(logframe)
    else:
        check_version(logframe, expected_version)
        before = _audit(logframe)
        logframe.results.clear()
        session.flush()
    logframe.objective = checked.objective
    logframe.beneficiaries_count = checked.beneficiaries_count
    logframe.beneficiaries = checked.beneficiaries
    for position, (label, activities, indicators) in enumerate(checked.results, start=1):
        result = ExpectedResult(position=position, label=label)
        result.activities = [
            PlannedActivity(position=m, **values) for m, values in enumerate(activities, start=1)
        ]
        result.indicators = [
            Indicator(position=m, **values) for m, values in enumerate(indicators, start=1)
        ]
        logframe.results.append(result)
    if before is not None:
        flag_modified(logframe, "objective_ar")  # a change of the children alone is a new version
    audit.log_write(
        session,
        actor,
        "create" if before is None else "update",
        logframe,
        before=before,
        snapshot=_audit,
    )
    return logframe_record(logframe)


def request_logframe(session: Session, actor: Actor, request_id: int) -> LogframeRecord | None:
    """The request's logical framework, or None when it has none yet."""
    actor.require(Permission.FUNDING_READ)
    get_or_fail(session, FundingRequest, request_id, _("funding request"))
    logframe = _logframe_of(session, request_id)
    return None if logframe is None else logframe_record(logframe)
