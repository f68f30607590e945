"""Real voucher files for the tests: a PNG drawn byte by byte, a PDF of N pages (fpdf2)."""

from __future__ import annotations

import struct
import zlib

from fpdf import FPDF


def png_bytes(width: int = 40, height: int = 30) -> bytes:
    """An RGB PNG of `width` × `height` pixels (a colour gradient, so its content is not blank)."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    # Each row: a filter byte, then red x·6, green y·8, blue 128 for each pixel, written a
    # channel at a time (the scans of several megapixels were seconds pixel by pixel).
    red = bytes(x * 6 % 256 for x in range(width))
    pixels = bytearray(3 * width)
    pixels[0::3], pixels[2::3] = red, b"\x80" * width
    lines = []
    for y in range(height):
        pixels[1::3] = bytes((y * 8 % 256,)) * width
        lines.append(b"\x00" + pixels)
    rows = b"".join(lines)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def pdf_bytes(pages: int = 2) -> bytes:
    """A PDF of `pages` A4 pages, each saying its number."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=24)
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.cell(text=f"Facture FAC-118 page {page}")
    return bytes(pdf.output())
