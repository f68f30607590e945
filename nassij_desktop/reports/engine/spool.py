"""Pages written out as they are finished, so that a document's memory does not grow with its
length (a register of 100 000 members is some 5 000 pages).

fpdf2 keeps every page's content stream in memory until `output()`, then builds the whole file
in one more buffer. Here a page's operators leave memory as soon as the canvas moves on:
`PageSpool` compresses them into an anonymous temporary file, and `SpooledOutput` (an fpdf2
`OutputProducer`, the class `FPDF.output` lets one replace) writes the PDF straight to its file,
reading each page's streams back from the spool when their turn comes. Fonts, images and
resources are still fpdf2's own objects, written once at the end: a font is embedded and
subset once for the whole document, and glyph codes given on page 1 stay valid on page 5 000
because the subset only ever grows.

A page that receives content after it was spooled (its footer, drawn once the page count is
known) gets a second stream; the page's /Contents is then the array of its streams, which a
reader concatenates in order (PDF 32000-1, 7.8.2).
"""

from __future__ import annotations

import hashlib
import tempfile
import zlib
from typing import IO, TYPE_CHECKING, Any

from fpdf.output import OutputProducer, PDFPage, _dimensions_to_mediabox
from fpdf.syntax import Name, PDFArray, PDFObject
from fpdf.syntax import create_dictionary_string as pdf_dict

if TYPE_CHECKING:
    import datetime as dt

    from fpdf import FPDF


class PageSpool:
    """Content streams of finished pages, compressed, in a temporary file deleted on close."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._size = 0
        # page → its streams: (offset, length, compressed)…
        self._chunks: dict[int, list[tuple[int, int, bool]]] = {}

    def put(self, page: int, content: bytes | bytearray, *, compress: bool = True) -> None:
        """Add `content` to the streams of `page` (an empty one too: every page has one)."""
        data = zlib.compress(content) if compress else bytes(content)
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="nassij-pages-")  # noqa: SIM115
        self._file.seek(self._size)
        self._file.write(data)
        self._chunks.setdefault(page, []).append((self._size, len(data), compress))
        self._size += len(data)

    def has(self, page: int) -> bool:
        return page in self._chunks

    def chunks(self, page: int) -> list[tuple[int, int, bool]]:
        return self._chunks.get(page, [])

    def read(self, offset: int, length: int) -> bytes:
        assert self._file is not None
        self._file.seek(offset)
        return self._file.read(length)

    @property
    def size(self) -> int:
        """Bytes spooled so far."""
        return self._size

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._chunks.clear()
        self._size = 0


class _SpooledStream(PDFObject):
    """A page content stream whose bytes stay in the spool until the object is written."""

    def __init__(self, spool: PageSpool, offset: int, length: int, compressed: bool) -> None:
        super().__init__()
        self._spool = spool
        self._offset = offset
        self.filter = Name("FlateDecode") if compressed else None
        self.length = length

    def content_stream(self) -> bytes:
        return self._spool.read(self._offset, self.length)


class FileSink:
    """Where `SpooledOutput` writes: the file itself, with the size written so far (object
    offsets, startxref) and the MD5 fpdf2 derives the file identifier from."""

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file
        self._size = 0
        self._md5 = hashlib.md5(usedforsecurity=False)

    def write(self, data: bytes) -> None:
        self._file.write(data)
        self._md5.update(data)
        self._size += len(data)

    def __len__(self) -> int:
        return self._size

    def file_id(self, creation_date: dt.datetime | None) -> str:
        """fpdf2's default identifier (`FPDF._default_file_id`), from the bytes written."""
        id_hash = self._md5.copy()
        if creation_date:
            id_hash.update(creation_date.strftime("%Y%m%d%H%M%S").encode("utf8"))
        digest = id_hash.hexdigest().upper()
        return f"<{digest}><{digest}>"


class SpooledOutput(OutputProducer):
    """fpdf2's output producer with pages read from `spool` and objects written to `file` as
    they are serialised, instead of one buffer holding the whole document."""

    def __init__(self, fpdf: FPDF, spool: PageSpool, file: IO[bytes]) -> None:
        super().__init__(fpdf)
        self.spool = spool
        self.buffer = FileSink(file)  # type: ignore[assignment]

    def _out(self, data: bytes | bytearray | str) -> None:
        if isinstance(data, str):
            data = data.encode("latin1")
        self.buffer.write(bytes(data) + b"\n")  # type: ignore[attr-defined]

    def _add_pages(self, _slice: slice = slice(0, None)) -> list[PDFPage]:
        """As `OutputProducer._add_pages`, with each page's streams taken from the spool."""
        fpdf = self.fpdf
        page_objs: list[PDFPage] = []
        for page_obj in list(self._iter_pages_in_order())[_slice]:
            if fpdf.pdf_version > "1.3" and fpdf.allow_images_transparency:
                page_obj.group = pdf_dict(
                    {"/Type": "/Group", "/S": "/Transparency", "/CS": "/DeviceRGB"},
                    field_join=" ",
                )
            if page_obj.dimensions() != fpdf.default_page_dimensions:
                page_obj.media_box = _dimensions_to_mediabox(page_obj.dimensions())
            self._add_pdf_obj(page_obj, "pages")
            page_objs.append(page_obj)
            streams: list[Any] = []
            for offset, length, compressed in self.spool.chunks(page_obj.index()):
                stream = _SpooledStream(self.spool, offset, length, compressed)
                self._add_pdf_obj(stream, "pages")
                streams.append(stream)
            # A page's /Contents may be an array of streams (ISO 32000-1, 7.7.3.3); fpdf2's
            # annotation allows only one.
            contents = streams[0] if len(streams) == 1 else PDFArray(streams)
            page_obj.contents = contents  # type: ignore[assignment]
        return page_objs
