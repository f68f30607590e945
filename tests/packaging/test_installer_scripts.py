"""The Windows installer's script (packaging/windows/nassij.iss), read as text (Inno Setup runs
on Windows only): every language of the wizard has every custom message the script uses, the
Arabic wizard is Inno Setup's right-to-left one, and the association's name matches the
Linux MIME type's."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ISS = ROOT / "packaging" / "windows" / "nassij.iss"
MIME = ROOT / "packaging" / "linux" / "nassij-desktop-mime.xml"


def _sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            continue
        sections.setdefault(current, []).append(line)
    return sections


def test_every_language_has_every_custom_message_used() -> None:
    raw = ISS.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # UTF-8 without a BOM (Inno Setup 6.3+)
    text = raw.decode("utf-8")
    sections = _sections(text)
    languages = {
        re.match(r'Name: "(\w+)"', line).group(1)  # type: ignore[union-attr]
        for line in sections["Languages"]
    }
    assert languages == {"fr", "ar", "en"}
    assert 'Name: "ar"; MessagesFile: "compiler:Languages\\Arabic.isl"' in sections["Languages"]
    assert "#if Ver < EncodeVer(6, 4, 1)" in text  # the first version with an official Arabic
    messages = dict(line.split("=", 1) for line in sections["CustomMessages"])
    used = set(re.findall(r"\{cm:(\w+)", text)) - {"CreateDesktopIcon", "AdditionalIcons"}
    used -= {"LaunchProgram"}  # Inno Setup's own messages, in every .isl
    assert used == {"AppMenuName", "AppComment", "AssociationFile"}
    missing = [
        f"{lang}.{name}" for name in used for lang in languages if f"{lang}.{name}" not in messages
    ]
    assert missing == []
    assert messages["ar.AppMenuName"] == "نسيج"
    # The association file is named as the Linux desktop names it.
    mime = MIME.read_text(encoding="utf-8")
    assert f'<comment xml:lang="ar">{messages["ar.AssociationFile"]}</comment>' in mime
    assert f'<comment xml:lang="fr">{messages["fr.AssociationFile"]}</comment>' in mime
    assert f"<comment>{messages['en.AssociationFile']}</comment>" in mime
