"""Who wrote what the application is made of, under which licence: the About dialog's list.

Read at run time from the installed distributions' metadata (`importlib.metadata`), over the
closure of nassij-desktop's requirements plus the optional groups that are bundled (BUNDLED_
EXTRAS). In the PyInstaller bundle that metadata exists because packaging/nassij.spec copies it
for the same closure (`bundled_distributions`). Nothing here runs at start-up: the dialog asks
when it opens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.metadata import Distribution, distributions
from pathlib import PurePosixPath

from nassij_desktop import DISTRIBUTION

# Optional groups of pyproject.toml that the bundle carries (the .deb and the Windows setup).
BUNDLED_EXTRAS = ("postgres",)

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")
_EXTRA = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")
_LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)


@dataclass(frozen=True)
class Library:
    name: str
    version: str
    licence: str  # an SPDX expression or the name the package gives; "" when it says nothing
    text: str  # the licence file(s) shipped with the distribution; "" when there is none


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements(dist: Distribution, extras: frozenset[str]) -> list[tuple[str, frozenset[str]]]:
    """The distributions `dist` needs with `extras` asked for: (name, their extras). A marker
    other than `extra == …` (a platform, a Python version) is left to the installation: what it
    excluded is simply not installed."""
    found = []
    for line in dist.requires or []:
        requirement, _sep, marker = line.partition(";")
        wanted = _EXTRA.findall(marker)
        if wanted and not extras.intersection(normalise(extra) for extra in wanted):
            continue
        match = _NAME.match(requirement)
        if match is None:
            continue
        asked = frozenset(normalise(e) for e in (match.group(2) or "").split(",") if e.strip())
        found.append((match.group(1), asked))
    return found


def bundled_distributions(root: str = DISTRIBUTION) -> list[Distribution]:
    """`root` and every installed distribution it needs, with the bundled optional groups;
    sorted by name, `root` first."""
    installed: dict[str, Distribution] = {}
    for found in distributions():  # one walk of sys.path; the first of a name wins, as imports
        installed.setdefault(normalise(found.name or ""), found)
    seen: dict[str, tuple[Distribution, set[str]]] = {}
    pending: list[tuple[str, frozenset[str]]] = [(root, frozenset(BUNDLED_EXTRAS))]
    while pending:
        name, extras = pending.pop()
        key = normalise(name)
        if key in seen:
            done, asked = seen[key]
            if extras <= asked:
                continue
            asked |= extras
            pending.extend(_requirements(done, frozenset(asked)))
            continue
        dist = installed.get(key)
        if dist is None:
            continue  # not for this platform, or an optional group not installed
        seen[key] = (dist, set(extras))
        pending.extend(_requirements(dist, extras))
    root_key = normalise(root)
    return sorted(
        (dist for dist, _extras in seen.values()),
        key=lambda d: (normalise(d.name) != root_key, normalise(d.name)),
    )


def _field(dist: Distribution, name: str) -> str:
    values = dist.metadata.get_all(name) or []
    return str(values[0]).strip() if values else ""


def licence_name(dist: Distribution) -> str:
    metadata = dist.metadata
    expression = _field(dist, "License-Expression")
    if expression:
        return expression
    field = _field(dist, "License")
    if field and "\n" not in field and len(field) <= 80 and field.upper() != "UNKNOWN":
        return field
    classifiers = [
        c.split("::")[-1].strip()
        for c in metadata.get_all("Classifier") or []
        if c.startswith("License ::") and c.count("::") >= 2
    ]
    if classifiers:
        return " / ".join(classifiers)
    return field.splitlines()[0].strip() if field else ""


def licence_text(dist: Distribution) -> str:
    """The licence files of the distribution's metadata folder (dist-info and its licenses/),
    else the License field when it holds the whole text."""
    texts = []
    for file in dist.files or []:
        parts = PurePosixPath(str(file)).parts
        if not parts or not parts[0].endswith((".dist-info", ".egg-info")):
            continue
        if not _LICENCE_FILE.search(parts[-1]):
            continue
        try:
            content = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        texts.append(content.strip())
    if texts:
        return "\n\n\n".join(texts)
    field = _field(dist, "License")
    return field if "\n" in field else ""


def bundled_libraries() -> list[Library]:
    """The Python libraries the application is made of, without the application itself."""
    root = normalise(DISTRIBUTION)
    return [
        Library(
            name=str(dist.name),
            version=dist.version,
            licence=licence_name(dist),
            text=licence_text(dist),
        )
        for dist in bundled_distributions()
        if normalise(dist.name) != root
    ]
