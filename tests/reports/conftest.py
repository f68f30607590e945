"""Reading a generated PDF back with poppler, for every report test.

The fixtures hand out plain functions:

- `pdf_text(path, page=None, layout=True) -> str`: `pdftotext` output. Poppler wraps the
  right-to-left runs it finds in U+202B…U+202C embedding marks of its own; they are removed.
- `pdf_pages(path, layout=True) -> list[str]`: the `pdftotext` output of every page, from one
  run of it (a test that looks for words page by page need not start one per page).
- `pdf_words(path, page) -> list[Word]`: `pdftotext -bbox` words with their boxes (points,
  origin top left). Poppler prints an Arabic word's letters in visual order; `Word.logical`
  gives them back in reading order.
- `pdf_lines(path, page) -> list[list[Word]]`: the same words grouped by baseline, top to
  bottom, each line left to right.
- `pdf_fonts(path) -> list[PdfFont]`: `pdffonts` rows (name, type, embedded, subset, unicode).
- `pdf_page_count(path) -> int` and `pdf_page_size(path) -> (width, height)` from `pdfinfo`.
- `render_png(path, page, out) -> Path`: page `page` as a PNG at 60 dpi (`pdftoppm -r 60`),
  to look at.
"""

from __future__ import annotations

import html
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

POPPLER_MARKS = str.maketrans({"\u202a": None, "\u202b": None, "\u202c": None})
ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


class Word(NamedTuple):
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float

    @property
    def logical(self) -> str:
        """The word in reading order (poppler gives an Arabic word's letters visually)."""
        return self.text[::-1] if ARABIC_LETTER.search(self.text) else self.text


class PdfFont(NamedTuple):
    name: str
    type: str
    embedded: bool
    subset: bool
    unicode: bool


def _run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True).stdout


def read_text(path: Path, page: int | None = None, layout: bool = True) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    flags = ["-layout"] if layout else []
    return _run("pdftotext", *flags, *pages, path, "-").translate(POPPLER_MARKS)


def read_pages(path: Path, layout: bool = True) -> list[str]:
    # pdftotext ends every page, the last one included, with a form feed.
    return read_text(path, layout=layout).split("\f")[:-1]


def read_words(path: Path, page: int) -> list[Word]:
    out = _run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), path, "-")
    return [
        Word(html.unescape(m[5]).translate(POPPLER_MARKS), *map(float, m.groups()[:4]))
        for m in WORD.finditer(out)
    ]


def read_lines(path: Path, page: int, tolerance: float = 2.0) -> list[list[Word]]:
    lines: list[list[Word]] = []
    for word in sorted(read_words(path, page), key=lambda w: (w.y_max, w.x_min)):
        if lines and abs(lines[-1][0].y_max - word.y_max) <= tolerance:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.x_min) for line in lines]


def read_fonts(path: Path) -> list[PdfFont]:
    fonts = []
    for row in _run("pdffonts", path).splitlines()[2:]:
        # name type… encoding emb sub uni object-id generation
        parts = row.split()
        name, flags = parts[0], parts[-5:-2]
        fonts.append(PdfFont(name, " ".join(parts[1:-6]), *(f == "yes" for f in flags)))
    return fonts


def _info(path: Path) -> dict[str, str]:
    rows = (line.split(":", 1) for line in _run("pdfinfo", path).splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in rows}


def read_page_count(path: Path) -> int:
    return int(_info(path)["Pages"])


def read_page_size(path: Path) -> tuple[float, float]:
    match = re.match(r"([\d.]+) x ([\d.]+) pts", _info(path)["Page size"])
    assert match, "pdfinfo gave no page size"
    return float(match[1]), float(match[2])


def render(path: Path, page: int, out: Path) -> Path:
    """Write page `page` of `path` to the PNG file `out`."""
    stem = out.with_suffix("")
    _run(
        "pdftoppm", "-r", "60", "-f", str(page), "-l", str(page), "-png", "-singlefile", path, stem
    )
    return stem.with_suffix(".png")


@pytest.fixture
def pdf_text() -> Callable[..., str]:
    return read_text


@pytest.fixture
def pdf_pages() -> Callable[..., list[str]]:
    return read_pages


@pytest.fixture
def pdf_words() -> Callable[[Path, int], list[Word]]:
    return read_words


@pytest.fixture
def pdf_lines() -> Callable[..., list[list[Word]]]:
    return read_lines


@pytest.fixture
def pdf_fonts() -> Callable[[Path], list[PdfFont]]:
    return read_fonts


@pytest.fixture
def pdf_page_count() -> Callable[[Path], int]:
    return read_page_count


@pytest.fixture
def pdf_page_size() -> Callable[[Path], tuple[float, float]]:
    return read_page_size


@pytest.fixture
def render_png() -> Callable[[Path, int, Path], Path]:
    return render
