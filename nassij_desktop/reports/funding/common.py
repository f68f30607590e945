"""What the funding documents share: the association's identity as a funder or the SGG reads
it, amounts in a currency, a country's name, and the signatories of the board on a day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

from babel import Locale
from sqlalchemy.orm import Session

from nassij_desktop.core.governance.history import Seat, board_member_on
from nassij_desktop.i18n import translate_in
from nassij_desktop.i18n.formatting import LOCALES, format_amount, format_date, isolate
from nassij_desktop.reports.engine import SignatureBlock
from nassij_desktop.reports.governance.layout import AssociationInfo
from nassij_desktop.reports.request import Lang


def money_in(value: Decimal | None, currency: str, lang: Lang) -> str:
    """ "28 830,00 EUR", "12.500,00 MAD": Latin digits and the ISO code in both languages (an
    official paper names the currency without ambiguity), kept as one left-to-right run."""
    if value is None:
        return ""
    return isolate(f"{format_amount(value, lang)}\u00a0{currency}", "ltr")


def rate_text(rate: Decimal | None, currency: str, lang: Lang) -> str:
    """ "1 EUR = 10,7999 MAD" (dirhams for one unit); "" without a rate."""
    if rate is None:
        return ""
    return isolate(f"1\u00a0{currency} = {rate_figure(rate)}\u00a0MAD", "ltr")


def rate_figure(rate: Decimal) -> str:
    """ "10,8721": four decimals, the decimal comma of both languages."""
    return f"{rate:.4f}".replace(".", ",")


@cache
def _territories(lang: str) -> dict[str, str]:
    return {code: str(name) for code, name in Locale.parse(LOCALES[lang]).territories.items()}


def country_name(code: str, lang: Lang) -> str:
    """The country's (or the European Union's) name in `lang` (CLDR); an unknown code as is."""
    return _territories(lang).get(code.upper(), code)


def association_rows(info: AssociationInfo, lang: Lang) -> list[tuple[str, str]]:
    """Name, address and definitive receipt of the association, as key/value rows."""
    receipt = isolate(info.receipt_number, "ltr") if info.receipt_number else "—"
    if info.receipt_number and info.receipt_date:
        receipt = translate_in(lang, "{number} of {date}").format(
            number=receipt, date=format_date(info.receipt_date, lang)
        )
    return [
        (translate_in(lang, "Association"), info.name(lang)),
        (translate_in(lang, "Address"), info.address(lang) or "—"),
        (translate_in(lang, "Definitive receipt"), receipt),
    ]


def signatory(session: Session, day: dt.date, role_code: str, lang: Lang) -> SignatureBlock:
    """The holder of `role_code` on `day` as a signature block (title in their gender, name);
    the role alone when the board does not say who holds it."""
    seat: Seat | None = board_member_on(session, day, role_code)
    if seat is None:
        fallback = {"president": "The president", "treasurer": "The treasurer"}[role_code]
        return SignatureBlock(translate_in(lang, fallback))
    return SignatureBlock(seat.title(lang), seat.person.name(lang))
