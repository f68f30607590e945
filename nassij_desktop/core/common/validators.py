"""Validation and normalisation of values typed by volunteers: CIN, RIB, IBAN, phone, e-mail,
dates and amounts.

Pure functions, free of Qt and of the database. Each one takes the raw text and returns the
normalised value, or raises `ValidationError(field, message)` with a translated message the
volunteer can act on. An empty value is an error here: a caller whose field is optional checks
for emptiness before calling.

Text typed by a person (names, addresses, free text) goes through `clean_text`, and member
numbers through `validate_member_number`: control characters, bidi overrides and lone
surrogates never reach the database (nor, through it, a terminal or a document).

Conventions (see LEGAL.md): RIB = 24 digits, key = 97 − ((first 22 digits × 100) mod 97);
Moroccan IBAN = "MA" + 2 check digits + RIB; CIN stored upper case, an odd-looking CIN is
reported by `cin_looks_unusual` (warn, don't block); phones stored in E.164.
"""

from __future__ import annotations

import calendar
import datetime
import enum
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal

from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.money import CENT, ZERO
from nassij_desktop.i18n import N_, _, ngettext

__all__ = [
    "FIELD_LABELS",
    "FREE_TEXT_MAX_LENGTH",
    "TextKind",
    "cin_looks_unusual",
    "clean_text",
    "column_length",
    "iban_from_rib",
    "normalise_cin",
    "normalise_phone",
    "parse_date",
    "parse_money",
    "rib_from_iban",
    "validate_email",
    "validate_iban_ma",
    "validate_member_number",
    "validate_rib",
]

# --- shared clean-up ---------------------------------------------------------------------------

# Arabic-Indic (U+0660..) and Eastern Arabic-Indic (U+06F0..) digits → Latin digits.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Invisible characters that pasting from a web page, a PDF or an RTL editor brings along:
# bidi marks and isolates, zero-width space/joiners, byte-order mark.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def _clean(text: str | None) -> str:
    """NFKC (full-width forms, NBSP → space), no invisible marks, Latin digits, stripped."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    return _INVISIBLE.sub("", text).translate(_DIGITS).strip()


# --- text typed by a person --------------------------------------------------------------------


class TextKind(enum.Enum):
    """How much of what a person pasted a field keeps."""

    NAME = "name"  # one line, nothing invisible: names, numbers, logins, cities, references
    LINE = "line"  # one line, bidi isolates and marks kept: addresses, places, agenda items
    TEXT = "text"  # several lines (\n, \t) with isolates and marks: notes, resolutions, reasons


_Form = Literal["NFC", "NFKC"]
FREE_TEXT_MAX_LENGTH = 10_000  # for Text columns, which have no length of their own

# C0 controls (ESC among them: no ANSI sequence survives), DEL, C1 controls, lone surrogates
# (undecodable bytes of a command line arrive as U+DC80..U+DCFF).
_CONTROL_NOT_SPACE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff]")
_CONTROL_BUT_TAB_AND_NEWLINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# Whole terminal escape sequences (CSI "ESC [ … m", OSC "ESC ] … BEL", two-character ESC x),
# taken out before the controls so that no "[31m" is left behind in a name.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]"
)
# Format characters a text may keep: bidi marks (ALM, LRM, RLM), isolates, and the joiners
# that choose letter shapes. Every other one (embeddings and overrides U+202A-U+202E, BOM,
# soft hyphen, zero-width space, tags…) is invisible and only ever pasted by accident.
_KEPT_IN_TEXT = frozenset("\u061c\u200c\u200d\u200e\u200f\u2066\u2067\u2068\u2069")
_ISOLATE_OPENERS = frozenset("\u2066\u2067\u2068")
_ISOLATE_CLOSER = "\u2069"

# The names of fields as a message shows them (keys: model attribute names).
FIELD_LABELS: dict[str, str] = {
    "acronym": N_("Acronym"),
    "address": N_("Address"),
    "authority_kind": N_("Local authority"),
    "authority_place": N_("Place of the local authority"),
    "address_ar": N_("Address in Arabic"),
    "address_fr": N_("Address in French"),
    "agenda": N_("Agenda item"),
    "agenda_ar": N_("Agenda item in Arabic"),
    "agenda_fr": N_("Agenda item in French"),
    "authority": N_("Authority"),
    "bank_name": N_("Bank"),
    "birth_place": N_("Birth place"),
    "cancel_reason": N_("Reason for cancelling"),
    "city": N_("City"),
    "commune": N_("Commune"),
    "consent_scope": N_("Consent scope"),
    "discussion_ar": N_("Discussion in Arabic"),
    "discussion_fr": N_("Discussion in French"),
    "donor_address": N_("Donor's address"),
    "donor_identity": N_("Identity number"),
    "donor_name": N_("Donor's name"),
    "email": N_("Email"),
    "first_name_ar": N_("First name (Arabic)"),
    "first_name_lat": N_("First name (Latin letters)"),
    "full_name": N_("Full name"),
    "in_kind_description": N_("Description of the gift in kind"),
    "last_name_ar": N_("Family name (Arabic)"),
    "last_name_lat": N_("Family name (Latin letters)"),
    "login": N_("Login"),
    "name_ar": N_("Name in Arabic"),
    "name_fr": N_("Name in French"),
    "notes": N_("Notes"),
    "notes_ar": N_("Remarks in Arabic"),
    "notes_fr": N_("Remarks in French"),
    "number": N_("Member number"),
    "payment_reference": N_("Payment reference"),
    "place": N_("Place"),
    "place_ar": N_("Place in Arabic"),
    "place_fr": N_("Place in French"),
    "profession": N_("Profession"),
    "province": N_("Province or prefecture"),
    "public_utility_decree": N_("Public utility decree"),
    "purpose": N_("Purpose"),
    "purpose_ar": N_("Purpose in Arabic"),
    "purpose_fr": N_("Purpose in French"),
    "reason": N_("Reason"),
    "receipt_number": N_("Receipt number"),
    "text": N_("Text"),
    "text_ar": N_("Text in Arabic"),
    "text_fr": N_("Text in French"),
    "website": N_("Website"),
    # Fundraising campaigns (core/donations/campaigns.py)
    "authorisation_number": N_("Authorisation number"),
    "bank_account": N_("Bank account"),
    "uses_ar": N_("Uses in Arabic"),
    "uses_fr": N_("Uses in French"),
    "remainder_destination_ar": N_("Destination of the remainder in Arabic"),
    "remainder_destination_fr": N_("Destination of the remainder in French"),
    "forced_close_reason": N_("Reason for closing before the end"),
    "nature": N_("Nature of the aid"),
    "quantity": N_("Quantity"),
    "declared_to": N_("Authority declared to"),
}


def field_label(field: str) -> str:
    """The translated name of a field, for a message (the field's key if it has none)."""
    label = FIELD_LABELS.get(field)
    return _(label) if label else field


@functools.cache  # an attribute of a model is a proxy, slow to ask; its length never changes
def column_length(column: Any) -> int | None:
    """The length of a model's String column (`Member.city` → 120); None for a Text column."""
    return getattr(getattr(column, "type", None), "length", None)


def _balanced_isolates(line: str) -> str:
    """Close the isolates a line opens and drop closers without an opener, so that a pasted
    fragment cannot reorder the text printed after it."""
    depth = 0
    out = []
    for char in line:
        if char in _ISOLATE_OPENERS:
            depth += 1
        elif char == _ISOLATE_CLOSER:
            if not depth:
                continue
            depth -= 1
        out.append(char)
    return "".join(out) + _ISOLATE_CLOSER * depth


def clean_text(
    text: str | None,
    *,
    field: str,
    kind: TextKind = TextKind.NAME,
    max_length: int | None = None,
) -> str | None:
    """What a person typed or pasted, made safe to store; None when nothing is left.

    Silently removed (pasting brings them, nobody means them): NUL and every control
    character (line breaks and tabs become spaces on one line; TEXT keeps them), bidi
    embeddings and overrides, lone surrogates, invisible format characters; for NAME also
    bidi marks, isolates and joiners. NAME is NFKC-normalised (full-width letters, ligatures
    and Arabic presentation forms pasted from a PDF become plain letters), LINE and TEXT NFC.
    Spaces are collapsed on one line; TEXT keeps its lines, without trailing spaces.
    Refused: a value longer than `max_length` (default FREE_TEXT_MAX_LENGTH), with a message
    naming the field.
    """
    if text is None:
        return None
    form: _Form = "NFKC" if kind is TextKind.NAME else "NFC"
    # Most values are already clean: `_cleaned` would give them back unchanged, much slower.
    value = text if _already_clean(text, form) else _cleaned(text, kind, form)
    if not value:
        return None
    limit = FREE_TEXT_MAX_LENGTH if max_length is None else max_length
    if len(value) > limit:
        raise ValidationError(
            field,
            ngettext(
                "The field “{field}” is too long: at most {limit} character.",
                "The field “{field}” is too long: at most {limit} characters.",
                limit,
            ).format(field=field_label(field), limit=limit),
        )
    return value


def _already_clean(text: str, form: _Form) -> bool:
    """Whether `_cleaned` would return `text` unchanged: nothing invisible or controlling
    (every such character is unprintable, and the only printable space is " "), one space
    between words and none around them, already in its normal form. Most values typed are."""
    return (
        text.isprintable()
        and "  " not in text
        and not text.startswith(" ")
        and not text.endswith(" ")
        and unicodedata.is_normalized(form, text)
    )


def _cleaned(text: str, kind: TextKind, form: _Form) -> str:
    value = _LINE_BREAKS.sub("\n", _ESCAPE_SEQUENCE.sub("", text))
    value = _CONTROL_BUT_TAB_AND_NEWLINE.sub("", value)
    kept = frozenset() if kind is TextKind.NAME else _KEPT_IN_TEXT
    value = "".join(c for c in value if c in kept or unicodedata.category(c) != "Cf")
    # Normalised once the invisible characters are out: letters they separated compose.
    value = unicodedata.normalize(form, value)
    # Spaces are trimmed again once stray isolate closers are gone ("a \u2069" → "a").
    if kind is TextKind.TEXT:
        lines = [_balanced_isolates(line.rstrip()).rstrip() for line in value.split("\n")]
        return "\n".join(lines).strip()
    return " ".join(_balanced_isolates(" ".join(value.split())).split())


# --- member numbers ----------------------------------------------------------------------------

_MEMBER_NUMBER_MAX_LENGTH = 20  # Member.number
# Letters and digits, with single - / . between them: 2024-015, A/12, 3.14.
_MEMBER_NUMBER = re.compile(r"[^\W_]+(?:[-/.][^\W_]+)*")


def validate_member_number(text: str | None, *, field: str = "number") -> str:
    """A member number chosen by hand (the register numbers itself otherwise): 1 to 20
    letters and digits, with - / or . between them; Arabic-Indic digits become Latin."""
    value = clean_text(text, field=field, max_length=_MEMBER_NUMBER_MAX_LENGTH)
    if not value:
        raise ValidationError(field, _("Enter the member number."))
    value = value.translate(_DIGITS)
    if not _MEMBER_NUMBER.fullmatch(value):
        raise ValidationError(
            field,
            _(
                "The member number may contain only letters and digits, with - / or . "
                "between them (like 2024-015)."
            ),
        )
    return value


# --- CIN ---------------------------------------------------------------------------------------

_CIN_MAX_LENGTH = 20
_CIN_ALLOWED = re.compile(r"[A-Z0-9]+")
# Common national card: 1-2 letters then 5-6 digits; residence card: 1 letter then 6-8 digits.
_CIN_USUAL = re.compile(r"[A-Z]{1,2}[0-9]{5,6}|[A-Z][0-9]{6,8}")


def normalise_cin(text: str, *, field: str = "cin") -> str:
    """The CIN without spaces, upper case. Only empty or garbage values are rejected: there is
    no official format, so an odd but plausible value is accepted (see `cin_looks_unusual`)."""
    value = re.sub(r"[\s\-]+", "", _clean(text)).upper()
    if not value:
        raise ValidationError(field, _("Enter the CIN number."))
    if len(value) > _CIN_MAX_LENGTH:
        raise ValidationError(
            field,
            _("The CIN number is too long: at most {limit} characters.").format(
                limit=_CIN_MAX_LENGTH
            ),
        )
    if not _CIN_ALLOWED.fullmatch(value):
        raise ValidationError(field, _("The CIN number may contain only letters and digits."))
    return value


def cin_looks_unusual(text: str) -> bool:
    """True when the CIN is not of a usual form (1-2 letters + 5-6 digits, or a residence card:
    1 letter + 6-8 digits), or cannot be normalised at all. For a warning, never a refusal."""
    try:
        value = normalise_cin(text)
    except ValidationError:
        return True
    return _CIN_USUAL.fullmatch(value) is None


# --- RIB and IBAN ------------------------------------------------------------------------------

_RIB_LENGTH = 24
_IBAN_MA_LENGTH = 28
_SPACES_AND_DASHES = re.compile(r"[\s\-\u2010-\u2015\u2212]+")


def _rib_key(first_22: str) -> str:
    return f"{97 - (int(first_22) * 100) % 97:02d}"


def validate_rib(text: str, *, field: str = "rib") -> str:
    """The 24 digits of a Moroccan RIB, spaces and dashes removed, its key checked."""
    value = _SPACES_AND_DASHES.sub("", _clean(text))
    if not value:
        raise ValidationError(field, _("Enter the RIB."))
    if not value.isascii() or not value.isdigit():
        raise ValidationError(field, _("The RIB may contain only digits, spaces and dashes."))
    if len(value) != _RIB_LENGTH:
        raise ValidationError(
            field,
            _("The RIB must have 24 digits; this one has {count}.").format(count=len(value)),
        )
    if _rib_key(value[:22]) != value[22:]:
        raise ValidationError(
            field,
            _(
                "The RIB key (its last 2 digits) does not match the other digits: "
                "check the number for a typing mistake."
            ),
        )
    return value


def _iban_remainder(iban: str) -> int:
    """ISO 13616: move the first 4 characters to the end, letters → 10..35, number mod 97."""
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97


def validate_iban_ma(text: str, *, field: str = "iban") -> str:
    """A Moroccan IBAN, compact and upper case ("MA64" + RIB); check digits and RIB key checked.
    Spaces, dashes and lower case are accepted."""
    value = _SPACES_AND_DASHES.sub("", _clean(text)).upper()
    if not value:
        raise ValidationError(field, _("Enter the IBAN."))
    if not value.startswith("MA"):
        raise ValidationError(field, _("A Moroccan IBAN starts with MA."))
    if not value[2:].isascii() or not value[2:].isdigit():
        raise ValidationError(field, _("After MA, the IBAN may contain only digits."))
    if len(value) != _IBAN_MA_LENGTH:
        raise ValidationError(
            field,
            _(
                "A Moroccan IBAN has 28 characters (MA, 2 check digits and the 24 digits of "
                "the RIB); this one has {count}."
            ).format(count=len(value)),
        )
    if _iban_remainder(value) != 1:
        raise ValidationError(
            field,
            _(
                "The IBAN check digits (after MA) do not match the rest: "
                "check the number for a typing mistake."
            ),
        )
    if _rib_key(value[4:26]) != value[26:]:
        raise ValidationError(
            field,
            _(
                "The RIB inside this IBAN has a wrong key (its last 2 digits): "
                "check the number with the bank."
            ),
        )
    return value


def rib_from_iban(text: str, *, field: str = "iban") -> str:
    """The 24-digit RIB inside a Moroccan IBAN (validated first)."""
    return validate_iban_ma(text, field=field)[4:]


def iban_from_rib(text: str, *, field: str = "rib") -> str:
    """The compact Moroccan IBAN of a RIB (validated first): "MA" + check digits + RIB."""
    rib = validate_rib(text, field=field)
    check = 98 - _iban_remainder("MA00" + rib)
    return f"MA{check:02d}{rib}"


# --- phone -------------------------------------------------------------------------------------

_PHONE_ALLOWED = re.compile(r"\+?[0-9\s().\-/]+")


# A Moroccan number in E.164 whose national part cannot start with the trunk prefix 0.
_E164_MA = re.compile(r"\+212[1-9][0-9]{8}")


def _invalid_phone(field: str) -> ValidationError:
    return ValidationError(
        field,
        _(
            "This phone number is not valid. Write it like 06 12 34 56 78, "
            "or with the country code like +33 6 12 34 56 78."
        ),
    )


def normalise_phone(text: str, *, field: str = "phone", region: str = "MA") -> str:
    """The phone number in E.164 ("+212612345678"). National numbers are read as Moroccan
    ("06 12 34 56 78"); foreign numbers need their country code ("+33 …" or "0033 …")."""
    value = _clean(text)
    if not value:
        raise ValidationError(field, _("Enter a phone number."))
    if not _PHONE_ALLOWED.fullmatch(value):
        raise ValidationError(
            field, _("A phone number may contain only digits, spaces and a + at the start.")
        )
    number = _e164(value, region)
    if number is None:
        raise _invalid_phone(field)
    return number


# A Moroccan number written nationally, once spaces, dots and hyphens are left out: the trunk
# prefix 0 and 9 digits, the first not 0 (00… is the international prefix).
_NATIONAL_MA = re.compile(r"0[1-9][0-9]{8}")
_PHONE_SPACING = str.maketrans("", "", " .-")


@functools.lru_cache(maxsize=4096)
def _e164(value: str, region: str) -> str | None:
    """The number `value` (cleaned, of allowed characters) in E.164, or None if it is not a
    valid number; once per distinct value (an import's file repeats them)."""
    compact = value.translate(_PHONE_SPACING)
    if _E164_MA.fullmatch(value):  # as stored: what parsing would read, at a third of its cost
        national = value[4:]
    elif region == "MA" and _NATIONAL_MA.fullmatch(compact):
        # What parsing reads from it (the trunk 0 left out), without its general machinery;
        # tests/core/common/test_validators.py checks both agree.
        national = compact[1:]
    else:
        import phonenumbers  # its metadata costs a start-up; only a phone number needs it

        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            return None
        if not phonenumbers.is_valid_number(number):
            return None
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    # Its first digit is not 0: the national significant number, "+212" and it is E.164.
    return f"+212{national}" if _valid_moroccan()(national) else None


# The number types `phonenumbers` tells apart; a number of none of them is not valid.
_NUMBER_TYPES = (
    "premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan",
    "voicemail", "fixed_line", "mobile",
)  # fmt: skip


@functools.cache
def _valid_moroccan() -> Callable[[str], bool]:
    """`phonenumbers.is_valid_number` of a number of country code 212, given its national
    significant number: the same rules on the same metadata (the region is the first of the
    code's regions whose leading digits it starts with, or, without leading digits, whose
    types it is of; then it must match the region's general pattern and one of its types),
    with the patterns compiled once instead of looked up in `re`'s cache at each test, five
    times faster. tests/core/common/test_validators.py checks both agree."""
    import phonenumbers
    from phonenumbers.phonemetadata import PhoneMetadata

    def desc(found: Any) -> tuple[tuple[int, ...], re.Pattern[str]] | None:
        if found is None or not found.national_number_pattern:
            return None
        return tuple(found.possible_length or ()), re.compile(found.national_number_pattern)

    def matches(number: str, test: tuple[tuple[int, ...], re.Pattern[str]] | None) -> bool:
        if test is None:
            return False
        lengths, pattern = test
        return (not lengths or len(number) in lengths) and bool(pattern.fullmatch(number))

    regions = []
    for code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[212]:
        metadata = PhoneMetadata.metadata_for_region(code, None)
        if metadata is None:
            continue
        leading = None if metadata.leading_digits is None else re.compile(metadata.leading_digits)
        types = [t for t in (desc(getattr(metadata, n)) for n in _NUMBER_TYPES) if t]
        regions.append((leading, desc(metadata.general_desc), types))

    def of_a_type(number: str, general: Any, types: list[Any]) -> bool:
        return matches(number, general) and any(matches(number, t) for t in types)

    def valid(number: str) -> bool:
        for leading, general, types in regions:
            if leading is not None:
                if leading.match(number):
                    return of_a_type(number, general, types)
            elif of_a_type(number, general, types):
                return True
        return False

    return valid


def national_phone(phone: str | None) -> str:
    """A stored (E.164) number as people write it: Moroccan numbers in pairs of digits
    (06 12 34 56 78), others with their country code. The reverse of `normalise_phone`."""
    if not phone:
        return ""
    if phone.startswith("+212") and len(phone) == 13:
        national = "0" + phone[4:]
        return " ".join(national[i : i + 2] for i in range(0, 10, 2))
    return phone


# --- e-mail ------------------------------------------------------------------------------------

_EMAIL_MAX_LENGTH = 254
# Typical mistakes when pasting: "Name <a@b.ma>", "a@b.ma; c@d.ma", quotes, brackets.
_EMAIL_FORBIDDEN = re.compile(r"[,;:<>()\[\]\\\"]")
_DOMAIN_LABEL = re.compile(r"(?!-)[^\W_](?:[^\W_]|-)*(?<!-)")


def validate_email(text: str, *, field: str = "email") -> str:
    """A pragmatic check (one @, a name before it, a domain with a dot after it, no spaces);
    returns the address stripped, with the domain in lower case."""
    # Controls that are not spaces go (a space or tab inside is refused below, as before).
    value = _CONTROL_NOT_SPACE.sub("", _ESCAPE_SEQUENCE.sub("", text or ""))
    value = unicodedata.normalize("NFKC", value)
    value = _INVISIBLE.sub("", value).strip()
    if not value:
        raise ValidationError(field, _("Enter an email address."))
    if any(char.isspace() for char in value):
        raise ValidationError(field, _("An email address cannot contain spaces."))
    forbidden = _EMAIL_FORBIDDEN.search(value)
    if forbidden:
        raise ValidationError(
            field,
            _('An email address cannot contain the character "{char}".').format(
                char=forbidden.group()
            ),
        )
    if value.count("@") != 1:
        raise ValidationError(
            field, _("An email address must contain exactly one @, like name@example.ma.")
        )
    local, domain = value.split("@")
    if not local or local.startswith(".") or local.endswith(".") or ".." in local:
        raise ValidationError(
            field,
            _("The part before the @ is missing or not valid: write it like name@example.ma."),
        )
    domain = domain.lower()
    labels = domain.split(".")
    if (
        len(labels) < 2
        or not all(_DOMAIN_LABEL.fullmatch(label) for label in labels)
        or len(labels[-1]) < 2
        or labels[-1].isdigit()
    ):
        raise ValidationError(
            field,
            _("The part after the @ must be a domain name, like gmail.com or example.ma."),
        )
    address = f"{local}@{domain}"
    if len(address) > _EMAIL_MAX_LENGTH:
        raise ValidationError(field, _("This email address is too long."))
    return address


# --- dates -------------------------------------------------------------------------------------

_DATE_DMY = re.compile(r"([0-9]{1,2})([/.\-])([0-9]{1,2})\2([0-9]{4})")
_DATE_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DATE_SHORT_YEAR = re.compile(r"[0-9]{1,2}([/.\-])[0-9]{1,2}\1[0-9]{1,3}")
_AROUND_SEPARATORS = re.compile(r"\s*([/.\-])\s*")


def parse_date(text: str, *, field: str = "date") -> datetime.date:
    """A date written day/month/year (15/03/2024, 5/3/2024, 15-03-2024, 15.03.2024) or ISO
    (2024-03-15). Two-digit years are refused: 24 could be 1924 or 2024."""
    value = _clean(text)
    if len(value.split()) > 1:  # stripped: a space inside (`\s` is what `split` cuts at)
        value = _AROUND_SEPARATORS.sub(r"\1", value)
    if not value:
        raise ValidationError(field, _("Enter a date."))
    if match := _DATE_DMY.fullmatch(value):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    elif match := _DATE_ISO.fullmatch(value):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif _DATE_SHORT_YEAR.fullmatch(value):
        raise ValidationError(field, _("Write the year with 4 digits, like 15/03/2024."))
    else:
        raise ValidationError(field, _("Write the date as day/month/year, like 15/03/2024."))
    if year < datetime.MINYEAR:
        raise ValidationError(field, _("The year {year} is not valid.").format(year=year))
    if not 1 <= month <= 12:
        raise ValidationError(
            field,
            _("There is no month {month}: the month must be between 1 and 12.").format(month=month),
        )
    try:
        return datetime.date(year, month, day)
    except ValueError:
        days = calendar.monthrange(year, month)[1]
        raise ValidationError(
            field,
            _("This date does not exist: month {month} of {year} has {days} days.").format(
                month=month, year=year, days=days
            ),
        ) from None


# --- money -------------------------------------------------------------------------------------

_SIGNS = "-+\u2212"  # hyphen-minus, plus, minus sign
_CURRENCY = r"(?:dhs?\.?|mad|dirhams?|درهم|دراهم|د\.\s?م\.?)"
_CURRENCY_PREFIX = re.compile(rf"^{_CURRENCY}\s*", re.IGNORECASE)
_CURRENCY_SUFFIX = re.compile(rf"\s*{_CURRENCY}$", re.IGNORECASE)
_DECIMAL_ONLY = "\u066b"  # Arabic decimal separator
_GROUP_ONLY = " \u066c"  # space (NBSP and U+202F become spaces under NFKC), Arabic thousands
_SEPARATORS = ".," + _DECIMAL_ONLY + _GROUP_ONLY
_MONEY_TOKENS = re.compile(r"[0-9]+|[^0-9]")
_MAX_INTEGER_DIGITS = 15  # 10^15 DH in centimes still fits a 64-bit integer column


def parse_money(text: str, *, field: str = "amount", allow_negative: bool = False) -> Decimal:
    """An amount typed in any usual Moroccan way, as a `Decimal` with 2 places.

    Accepted: "12500", "12 500,00", "12.500,00 DH", "1,234,567.89", "MAD 100", "100 dhs",
    "12 500 درهم", "د.م. 12.500,00", Arabic-Indic digits with ٫ and ٬. With both "." and ","
    the last one is the decimal separator; a separator repeated is a thousands separator; a
    single "." or "," followed by exactly 3 digits ("12.500") is ambiguous and refused.
    """
    value = re.sub(r"\s+", " ", _clean(text))
    if not value:
        raise ValidationError(field, _("Enter an amount."))
    sign, body = _split_sign_and_currency(value, field)
    if not any(char.isdigit() for char in body):
        raise _not_an_amount(field)
    for char in body:
        if not ("0" <= char <= "9" or char in _SEPARATORS):
            raise _bad_character(char, field)
    integer, fraction = _split_number(body, field)
    if len(fraction) > 2:
        raise ValidationError(field, _("An amount can have at most 2 decimals (the centimes)."))
    integer = integer.lstrip("0")
    if len(integer) > _MAX_INTEGER_DIGITS:
        raise ValidationError(field, _("This amount is too large."))
    amount = Decimal(f"{integer or '0'}.{fraction or '0'}").quantize(CENT)
    if amount == ZERO:
        return ZERO
    if sign == "-":
        if not allow_negative:
            raise ValidationError(field, _("The amount cannot be negative."))
        amount = -amount
    return amount


def _not_an_amount(field: str) -> ValidationError:
    return ValidationError(
        field, _("This is not a valid amount. Write it like 12500, 12 500,00 or 12500.50.")
    )


def _bad_character(char: str, field: str) -> ValidationError:
    return ValidationError(
        field,
        _(
            'The character "{char}" is not allowed in an amount: use digits, spaces, a comma '
            "or a point, and if you wish the currency (DH, MAD or درهم)."
        ).format(char=char),
    )


def _split_sign_and_currency(value: str, field: str) -> tuple[str, str]:
    """Remove one sign (before the currency or the number) and one currency marker (before or
    after the number). Returns ("-" or "", what is left)."""
    sign = ""

    def take_sign(rest: str) -> str:
        nonlocal sign
        if rest and rest[0] in _SIGNS:
            if sign:
                raise ValidationError(field, _("An amount can have only one sign."))
            sign = "+" if rest[0] == "+" else "-"
            return rest[1:].lstrip()
        return rest

    rest = take_sign(value)
    without_prefix = _CURRENCY_PREFIX.sub("", rest, count=1)
    had_prefix = without_prefix != rest
    rest = take_sign(without_prefix)
    if not had_prefix:
        rest = _CURRENCY_SUFFIX.sub("", rest, count=1)
    rest = rest.strip()
    if any(char in _SIGNS for char in rest):
        if sign:
            raise ValidationError(field, _("An amount can have only one sign."))
        raise ValidationError(field, _("Write the sign before the amount, like -150,00."))
    return ("-" if sign == "-" else ""), rest


def _split_number(body: str, field: str) -> tuple[str, str]:
    """Digits before and after the decimal separator, after checking the thousands grouping."""
    tokens = _MONEY_TOKENS.findall(body)
    if not tokens[-1].isdigit() or any(
        not a.isdigit() and not b.isdigit() for a, b in itertools.pairwise(tokens)
    ):
        raise _not_an_amount(field)
    separators = [token for token in tokens if not token.isdigit()]
    decimal = _decimal_separator(tokens, separators, field)
    if decimal is not None and (separators.count(decimal) != 1 or separators[-1] != decimal):
        raise _not_an_amount(field)
    if decimal is None:
        integer_tokens, fraction = tokens, ""
    else:
        integer_tokens, fraction = tokens[:-2], tokens[-1]
    if integer_tokens and not integer_tokens[0].isdigit():
        raise _not_an_amount(field)  # a thousands separator before any digit
    groups = integer_tokens[::2]
    group_separators = set(integer_tokens[1::2])
    if len(group_separators) > 1 or (
        len(groups) > 1 and (len(groups[0]) > 3 or any(len(group) != 3 for group in groups[1:]))
    ):
        raise ValidationError(
            field,
            _("Group the digits by three, like 12 500 or 1.234.567,89, or write no separator."),
        )
    return "".join(groups), fraction


def _decimal_separator(tokens: list[str], separators: list[str], field: str) -> str | None:
    if _DECIMAL_ONLY in separators:
        return _DECIMAL_ONLY
    marks = [separator for separator in separators if separator in ".,"]
    if not marks:
        return None
    if len(set(marks)) == 2:
        return marks[-1]
    if len(marks) > 1:
        return None  # the same mark repeated groups thousands: 1.234.567
    if any(separator in _GROUP_ONLY for separator in separators):
        return marks[0]  # "12 500,00": spaces group, the mark is the decimal separator
    before, after = (tokens[0], tokens[2]) if len(tokens) == 3 else ("", tokens[-1])
    if len(after) == 3 and before and before != "0" and len(before) <= 3:
        raise ValidationError(
            field,
            _(
                '"{amount}" is ambiguous: with 3 digits after the separator it could mean '
                "{whole} or an amount with decimals. Write {whole} without a separator, or "
                "write the centimes with 2 digits, like 12,50."
            ).format(amount="".join(tokens), whole=before + after),
        )
    return marks[0]
