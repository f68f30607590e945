"""Every string the user sees exists in Arabic and in French, with the same placeholders."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from nassij_desktop.i18n import FEMININE, _, pgettext_in, set_language, translate_in

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("catalogs", ROOT / "tools" / "catalogs.py")
assert spec and spec.loader
catalogs = importlib.util.module_from_spec(spec)
sys.modules["catalogs"] = catalogs
spec.loader.exec_module(catalogs)

PLACEHOLDER = re.compile(r"\{[a-z_]*(?::[^}]*)?\}")


@pytest.fixture(scope="module")
def source_messages() -> set[tuple[str, str]]:
    """(msgctxt or "", msgid) of every message of the code."""
    return {(m.context or "", str(m.id)) for m in catalogs.extract() if m.id}


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_every_message_in_the_code_is_translated(
    lang: str, source_messages: set[tuple[str, str]]
) -> None:
    catalog = catalogs.read(catalogs.po_path(lang), lang)
    translated = {
        (m.context or "", str(m.id)) for m in catalog if m.id and m.string and not m.fuzzy
    }
    missing = [" ".join(key).strip() for key in sorted(source_messages - translated)]
    assert not missing, (
        f"{len(missing)} messages lack a {lang} translation "
        "(run `python tools/catalogs.py update`, then translate): " + "; ".join(missing[:10])
    )


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_translations_keep_the_placeholders(lang: str) -> None:
    for message in catalogs.read(catalogs.po_path(lang), lang):
        if message.id and message.string and isinstance(message.id, str):
            assert sorted(PLACEHOLDER.findall(message.id)) == sorted(
                PLACEHOLDER.findall(message.string)
            ), f"{lang}: {message.id!r} → {message.string!r}"


def test_the_compiled_catalogs_are_used_at_run_time() -> None:
    set_language("ar")
    assert _("Active") == "نشيط"
    set_language("fr")
    assert _("Active") == "Actif"
    assert translate_in("ar", "Active") == "نشيط"  # without switching the current language
    set_language("en")
    assert _("Active") == "Active"


def test_a_label_said_of_a_person_has_its_feminine_form(
    source_messages: set[tuple[str, str]],
) -> None:
    """Every `NG_` label is extracted twice: as said of a man and, under the context
    "feminine", of a woman; the compiled catalogs give the second to `pgettext`."""
    extracted = source_messages
    assert ("", "Active") in extracted
    assert ("feminine", "Active") in extracted
    assert ("feminine", "Chair of the meeting") in extracted
    assert pgettext_in("ar", FEMININE, "Active") == "نشيطة"
    assert pgettext_in("fr", FEMININE, "Present") == "Présente"
    assert translate_in("ar", "Active") == "نشيط"  # the masculine form keeps the plain msgid
