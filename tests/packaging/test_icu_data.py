"""The Linux bundle's ICU data, cut down to Arabic, French and English (packaging/icu_data.py):
Qt sorts and upper-cases those languages with it exactly as with the full data, and the
encodings a CSV of this country comes in are still known."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("icu_data", ROOT / "packaging" / "icu_data.py")
assert _spec is not None and _spec.loader is not None
icu_data = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(icu_data)

QT_LIB = Path(PySide6.__file__).parent / "Qt" / "lib"
LIBRARY = next(iter(sorted(QT_LIB.glob("libicudata.so.*"))), None)

pytestmark = pytest.mark.skipif(
    LIBRARY is None, reason="Qt uses ICU only on Linux (Windows and macOS have their own)"
)

# Run in a process of its own: which ICU data Qt loads is decided when QtCore is loaded.
PROBE = r"""
import json
from PySide6.QtCore import QCollator, QLocale, QStringDecoder

names = ["يوسف", "أحمد", "إبراهيم", "آمنة", "زينب", "ﻻلة", "بشرى", "Élodie", "eric", "Zoé",
         "zoe", "Ève", "adam", "Œuvre", "Ahmed", "ahmed"]
found = {}
for locale in ("ar_MA", "ar", "fr_MA", "fr", "en", "de_DE"):
    collator = QCollator(QLocale(locale))
    found[locale] = [sorted(names, key=collator.sortKey), QLocale(locale).toUpper("straße éèi")]
found["codecs"] = {name: QStringDecoder(name).isValid()
                   for name in ("windows-1256", "ISO-8859-6", "windows-1252", "ISO-8859-1")}
with open("/proc/self/maps") as maps:
    found["loaded"] = sorted({line.split()[-1] for line in maps if "libicudata" in line})
print(json.dumps(found))
"""


def _probe(library_folder: Path | None) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if library_folder is not None:
        # Searched before QtCore's RUNPATH ($ORIGIN): the trimmed library is the one loaded.
        env["LD_LIBRARY_PATH"] = str(library_folder)
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True
    ).stdout
    return json.loads(out)


def test_reading_and_writing_a_package_gives_back_the_same_bytes():
    assert LIBRARY is not None
    _symbol, data = icu_data.package_of(LIBRARY)
    header, items = icu_data.items_of(data)
    assert len(items) > 1000
    assert icu_data.package(header, items) == data


def test_the_trimmed_data_sorts_and_cases_arabic_french_and_english_as_the_full_data(tmp_path):
    assert LIBRARY is not None
    trimmed = tmp_path / LIBRARY.name
    before, after = icu_data.trim_library(LIBRARY, trimmed)
    assert after < before / 4
    assert trimmed.stat().st_size < LIBRARY.stat().st_size / 4

    full, cut = _probe(None), _probe(tmp_path)

    assert full["loaded"] == [str(LIBRARY.resolve())]
    assert cut["loaded"] == [str(trimmed)]
    for locale in ("ar_MA", "ar", "fr_MA", "fr", "en", "de_DE"):
        assert cut[locale] == full[locale], locale
    # Arabic collation is there (not the root's code-point order): alef with madda first.
    assert cut["ar_MA"][0][0] == "آمنة"
    assert cut["codecs"] == dict.fromkeys(cut["codecs"], True)


def test_other_languages_and_east_asian_encodings_are_what_is_left_out():
    assert LIBRARY is not None
    _symbol, data = icu_data.package_of(LIBRARY)
    _header, items = icu_data.items_of(data)
    left = {name.split("/", 1)[1] for name, item in items if not icu_data.kept(name, len(item))}
    kept = {name.split("/", 1)[1] for name, item in items if icu_data.kept(name, len(item))}
    assert {"coll/zh.res", "de.res", "brkitr/cjdict.dict", "translit/root.res"} <= left
    assert {"gb18030.cnv", "coll/es__TRADITIONAL.res"} <= left
    assert {"coll/ar.res", "coll/fr.res", "coll/root.res", "coll/ucadata.icu", "ar_MA.res"} <= kept
    assert {"fr.res", "en.res", "root.res", "pool.res", "res_index.res", "cnvalias.icu"} <= kept
    assert {"ibm-1256_P110-1997.cnv", "zoneinfo64.res", "plurals.res"} <= kept
