"""How the Funding page words what the services store: a request's status (said of a request:
طلب مقبول, demande accordée), a funder's kind and country, an amount in its currency."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import cache

from babel import Locale

from nassij_desktop.core.funding.models import FUNDER_KIND_LABELS, FunderKind, RequestStatus
from nassij_desktop.core.funding.services import FunderRecord
from nassij_desktop.i18n import _, current_language, pgettext
from nassij_desktop.i18n.formatting import LOCALES, format_amount, format_money, isolate

MOROCCO = "MA"

# Said of a request (طلب, masculine; une demande, feminine): a context of their own, so that
# an assembly "closed" or a resolution "rejected" keep their own words.
_STATUS_LABELS: dict[RequestStatus, Callable[[], str]] = {
    RequestStatus.DRAFT: lambda: pgettext("funding request", "Draft"),
    RequestStatus.SUBMITTED: lambda: pgettext("funding request", "Submitted"),
    RequestStatus.UNDER_REVIEW: lambda: pgettext("funding request", "Under review"),
    RequestStatus.GRANTED: lambda: pgettext("funding request", "Granted"),
    RequestStatus.REJECTED: lambda: pgettext("funding request", "Rejected"),
    RequestStatus.WITHDRAWN: lambda: pgettext("funding request", "Withdrawn"),
    RequestStatus.AGREEMENT_SIGNED: lambda: pgettext("funding request", "Agreement signed"),
    RequestStatus.IN_PROGRESS: lambda: pgettext("funding request", "In progress"),
    RequestStatus.CLOSED: lambda: pgettext("funding request", "Closed"),
}


def status_label(status: RequestStatus) -> str:
    return _STATUS_LABELS[RequestStatus(status)]()


def status_label_of(status: RequestStatus) -> Callable[[], str]:
    return _STATUS_LABELS[RequestStatus(status)]


def kind_label(kind: FunderKind) -> str:
    return _(FUNDER_KIND_LABELS[FunderKind(kind)])


@cache
def _countries(lang: str) -> dict[str, str]:
    names = Locale.parse(LOCALES[lang]).territories
    found = {
        code: str(name)
        for code, name in names.items()
        if len(code) == 2 and code.isalpha() and code not in {"EZ", "QO", "ZZ"}
    }
    return dict(sorted(found.items(), key=lambda item: item[1].casefold()))


def country_name(code: str, lang: str | None = None) -> str:
    return _countries(lang or current_language()).get(code.upper(), code)


def country_codes() -> list[str]:
    """Morocco first, then the others by their name in the current language."""
    others = [code for code in _countries(current_language()) if code != MOROCCO]
    return [MOROCCO, *others]


def funder_name(funder: FunderRecord) -> str:
    """The name a reader of the interface's language sees, with the acronym."""
    name = funder.name(current_language())
    return f"{name} ({isolate(funder.acronym)})" if funder.acronym else name


def money(amount: Decimal | None, currency: str = "MAD") -> str:
    """An amount with its currency; empty when there is none yet."""
    if amount is None:
        return ""
    if currency == "MAD":
        return format_money(amount)
    return isolate(f"{format_amount(amount)} {currency}", "ltr")
