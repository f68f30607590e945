"""The kinds of file kept in the database, known by name and by content.

`IMAGE_TYPES` is the one list of images the app accepts (what the documents draw as they are:
PNG and JPEG): the logo (core/association) and the scanned vouchers (core/books/vouchers.py,
which adds PDF) read it here. A file's type is read from its first bytes (`content_type`), so
a file renamed ".png" is not taken for an image.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath

IMAGE_TYPES: dict[str, tuple[str, ...]] = {"image/png": (".png",), "image/jpeg": (".jpg", ".jpeg")}
PDF_TYPES: dict[str, tuple[str, ...]] = {"application/pdf": (".pdf",)}

# The first bytes of each kind (PDF: a header may follow a little junk, as readers accept).
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "application/pdf": (b"%PDF-",),
}
_PDF_HEADER_WINDOW = 1024


def suffixes(types: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    return frozenset(suffix for endings in types.values() for suffix in endings)


def type_by_name(filename: str, types: Mapping[str, tuple[str, ...]]) -> str | None:
    """The MIME type of `types` that `filename`'s ending names, or None."""
    suffix = PurePath(filename).suffix.lower()
    return next((mime for mime, endings in types.items() if suffix in endings), None)


def file_patterns(types: Mapping[str, tuple[str, ...]]) -> str:
    """`types` as a file dialog's patterns: "*.png *.jpg *.jpeg"."""
    return " ".join(f"*{suffix}" for endings in types.values() for suffix in endings)


def content_type(data: bytes) -> str | None:
    """The MIME type `data` is, read from its first bytes (PNG, JPEG, PDF), or None."""
    for mime, signatures in _SIGNATURES.items():
        if any(data.startswith(signature) for signature in signatures):
            return mime
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return "application/pdf"
    return None


__all__ = [
    "IMAGE_TYPES",
    "PDF_TYPES",
    "content_type",
    "file_patterns",
    "suffixes",
    "type_by_name",
]
