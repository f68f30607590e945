"""The report engine: an A4 frame on the association's letterhead, right to left in Arabic
and left to right in French, with headings, paragraphs, key/value blocks, tables, date lines
and signature blocks. Arabic is shaped by HarfBuzz and reordered by fpdf2's bidi algorithm;
the fonts (Amiri, Noto Sans, Noto Sans Tifinagh) are embedded, subset, from resources/fonts.
"""

import logging

from nassij_desktop.reports.engine.document import (
    Column,
    ReportDocument,
    SignatureBlock,
)
from nassij_desktop.reports.engine.hijri import HijriDate, format_hijri, to_hijri
from nassij_desktop.reports.engine.letterhead import Letterhead, letterhead_from_association
from nassij_desktop.reports.engine.listing import Emphasised, Heading

# fontTools logs each table it subsets at INFO (~150 lines a PDF), which pushed real errors
# out of the application's rotating log; its warnings still get through.
logging.getLogger("fontTools").setLevel(logging.WARNING)

__all__ = [
    "Column",
    "Emphasised",
    "Heading",
    "HijriDate",
    "Letterhead",
    "ReportDocument",
    "SignatureBlock",
    "format_hijri",
    "letterhead_from_association",
    "to_hijri",
]
