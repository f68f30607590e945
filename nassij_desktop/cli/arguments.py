"""Values typed on the command line (dates, amounts, rates, codes), read or refused as usage.

A value that is not what its option takes (a date that is not a date, an unknown status) is a
usage error: exit code 2, as argparse gives for a missing option, with one translated line that
names the option. What the services refuse afterwards (a date in the future, a status the
request cannot reach) stays a user error, exit code 1.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import ParamSpec

from nassij_desktop.cli.output import warn
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.validators import parse_date, parse_money
from nassij_desktop.i18n import _

USAGE = 2
_RATE = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
P = ParamSpec("P")


class BadArgument(ValidationError):
    """A value given to an option (`field`: the option, as typed) that it cannot take."""


def usage_errors(handler: Callable[P, int]) -> Callable[P, int]:
    """A command whose `BadArgument` ends it with exit code 2 and one line on stderr."""

    @functools.wraps(handler)
    def run(*args: P.args, **kwargs: P.kwargs) -> int:
        try:
            return handler(*args, **kwargs)
        except BadArgument as exc:
            warn(f"nassij: {exc.field}: {exc}")
            return USAGE

    return run


def date_arg(text: str | None, option: str) -> dt.date | None:
    """dd/mm/yyyy (or ISO) as a date; None when not given."""
    if text is None:
        return None
    try:
        return parse_date(text, field=option)
    except ValidationError as exc:
        raise BadArgument(option, str(exc)) from None


def money_arg(text: str | None, option: str) -> Decimal | None:
    """An amount as typed anywhere in the application (12500, 12 500,00…); None when not given."""
    if text is None:
        return None
    try:
        return parse_money(text, field=option)
    except ValidationError as exc:
        raise BadArgument(option, str(exc)) from None


def rate_arg(text: str | None, option: str) -> Decimal | None:
    """An exchange rate (dirhams for one unit): digits, a point or a comma, more digits."""
    if text is None:
        return None
    value = text.strip()
    if not _RATE.fullmatch(value) or Decimal(value.replace(",", ".")) <= 0:
        raise BadArgument(
            option, _("Give the exchange rate as a positive number, like 10.85 or 10,85.")
        )
    return Decimal(value.replace(",", "."))


def choice_arg(text: str, option: str, choices: Mapping[str, str], unknown: str) -> str:
    """`text` when it is one of `choices` (code → translated label); else `unknown` (a
    translated sentence with {value}) followed by the codes that are allowed, with their
    labels."""
    value = text.strip().lower()
    if value in choices:
        return value
    allowed = ", ".join(f"{code} ({label})" for code, label in choices.items())
    raise BadArgument(
        option,
        _("{problem} Choose one of: {choices}.").format(
            problem=unknown.format(value=text), choices=allowed
        ),
    )
