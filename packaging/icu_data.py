"""Linux bundle: ICU's data cut down to what Qt needs for Arabic, French and English.

PySide6's Qt links ICU 73, whose data library (`libicudata.so.73`, 32 MB) is a fifth of the
bundle: collation, break dictionaries, locale names, converters and transliterators for every
language in the world. Qt calls ICU for collation (QCollator), case mapping by locale and the
encodings it has no codec of its own for; text boundaries, number and date formats come from
Qt's own tables. Kept: every table ICU itself needs (normalisation, properties, time zones,
plural rules…), the locale data of the root and of Arabic, French and English (every region),
and the single-byte encodings. Left out: other languages' locales and collations, the break
dictionaries of Chinese, Japanese, Thai, Khmer, Lao and Burmese, transliteration, and the
multi-byte encodings of East Asia. A locale ICU no longer holds falls back to the root, as it
does for any locale it has never heard of.

The data is one "common data" package (ICU's `CmnD` format: a header, a table of contents of
name and data offsets, the names, then each item on a 16-byte boundary) exported by the library
as one symbol, `icudt73_dat`. This rebuilds the package with the kept items and links it into a
library of the same name and symbol with binutils (`as`, `ld`; PyInstaller needs binutils on
Linux anyway).

    python packaging/icu_data.py SOURCE.so TARGET.so     (nassij.spec calls `trim_library`)
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

LANGUAGES = ("root", "ar", "fr", "en")
# Names under the package's folder (icudt73l/…) that are locale data: "ar.res", "fr_MA.res",
# "coll/zh.res", "brkitr/ja.res". Everything else is ICU's own tables, kept.
_LOCALE = re.compile(r"(?:[a-z]+/)?(?P<language>[a-z]{2,3}|root)(?:_[A-Za-z0-9]*)*\.res")
_INFRASTRUCTURE = {"res_index.res", "pool.res"}  # in every folder: the index and the key pool
_DROPPED_FOLDERS = {"translit"}  # transliterators (Qt has no API over them): 1 MB
# The single-byte encodings' tables are 1 to 12 KB; the multi-byte ones of Chinese, Japanese
# and Korean (and their EBCDIC variants) 20 to 550 KB.
_LARGEST_CONVERTER = 20_000
_ALIGNMENT = 16
_PADDING = b"\xaa"  # what ICU's own tool (pkgdata) fills the gaps with


def package_of(library: Path) -> tuple[str, bytes]:
    """The data symbol's name and bytes (the whole package) in a shared library."""
    symbols = _readelf(library, "--dyn-syms")
    for line in symbols.splitlines():
        fields = line.split()
        if len(fields) == 8 and fields[3] == "OBJECT" and fields[7].endswith("_dat"):
            value, size, section, name = int(fields[1], 16), int(fields[2], 0), fields[6], fields[7]
            break
    else:
        raise ValueError(f"{library}: no ICU data symbol")
    for line in _readelf(library, "-S").splitlines():
        match = re.match(r"\s*\[\s*(\d+)\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if match and match.group(1) == section:
            offset = value - int(match.group(2), 16) + int(match.group(3), 16)
            return name, library.read_bytes()[offset : offset + size]
    raise ValueError(f"{library}: section {section} of {name} not found")


def items_of(package: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The package's header and its items (name, bytes) in the order of its table."""
    header_size, magic = struct.unpack_from("<H2s", package, 0)
    if magic != b"\xda\x27" or package[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package")
    toc = package[header_size:]
    (count,) = struct.unpack_from("<I", toc, 0)
    entries = [struct.unpack_from("<II", toc, 4 + 8 * index) for index in range(count)]
    items = []
    for index, (name_offset, data_offset) in enumerate(entries):
        name = toc[name_offset : toc.index(b"\0", name_offset)].decode("ascii")
        end = entries[index + 1][1] if index + 1 < count else len(toc)
        items.append((name, toc[data_offset:end]))
    return package[:header_size], items


def package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """A common data package of `items`, in the given order (ICU looks names up by binary
    search: keep them sorted, as `items_of` returns them)."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    table = 4 + 8 * len(items)
    position = _aligned(table + len(names))
    offsets, name_offset = [], table
    for name, data in items:
        offsets.append((name_offset, position))
        name_offset += len(name) + 1
        position = _aligned(position + len(data))
    toc = bytearray(struct.pack("<I", len(items)))
    for entry in offsets:
        toc += struct.pack("<II", *entry)
    toc += names
    for (_, data_offset), (_, data) in zip(offsets, items, strict=True):
        toc += _PADDING * (data_offset - len(toc)) + data
    toc += _PADDING * (_aligned(len(toc)) - len(toc))
    return header + bytes(toc)


def kept(name: str, size: int) -> bool:
    """Whether the item `name` (e.g. "icudt73l/coll/ar.res") stays in the bundle's ICU."""
    path = name.split("/", 1)[1]
    folder, _, leaf = path.rpartition("/")
    if folder in _DROPPED_FOLDERS:
        return False
    if leaf.endswith(".dict"):
        return False
    if leaf.endswith(".cnv"):
        return size <= _LARGEST_CONVERTER
    if leaf in _INFRASTRUCTURE:
        return True
    locale = _LOCALE.fullmatch(path)
    return locale is None or locale.group("language") in LANGUAGES


def trim_library(source: Path, target: Path) -> tuple[int, int]:
    """Write at `target` the library `source` with only the kept items; the package's sizes
    before and after."""
    symbol, data = package_of(source)
    header, items = items_of(data)
    trimmed = package(header, [(name, item) for name, item in items if kept(name, len(item))])
    soname = _soname(source)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        (folder / "data.bin").write_bytes(trimmed)
        (folder / "data.s").write_text(
            # Read-only data, as in ICU's own library; no executable stack.
            f"\t.section .rodata\n\t.globl {symbol}\n\t.type {symbol}, @object\n"
            f'\t.balign {_ALIGNMENT}\n{symbol}:\n\t.incbin "data.bin"\n'
            f"\t.size {symbol}, . - {symbol}\n"
            '\t.section .note.GNU-stack,"",@progbits\n'
        )
        subprocess.run(["as", "-o", "data.o", "data.s"], cwd=folder, check=True)
        subprocess.run(
            ["ld", "-shared", "-soname", soname, "-o", str(target.resolve()), "data.o"],
            cwd=folder,
            check=True,
        )
    return len(data), len(trimmed)


def _soname(library: Path) -> str:
    match = re.search(r"\(SONAME\).*\[(.+)\]", _readelf(library, "-d"))
    return match.group(1) if match else library.name


def _readelf(library: Path, option: str) -> str:
    return subprocess.run(
        ["readelf", option, "-W", str(library)], capture_output=True, text=True, check=True
    ).stdout


def _aligned(position: int) -> int:
    return -(-position // _ALIGNMENT) * _ALIGNMENT


if __name__ == "__main__":
    before, after = trim_library(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"ICU data: {before:,} bytes, kept {after:,}")
