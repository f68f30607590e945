"""The demo request whose application pack is ready: the school support project's request gets
the usual checklist, a complete logical framework (in Arabic and in French, whatever the demo's
language: the pack reads right in both), its statutes attached as a PDF and
its RIB attestation as a scan (PNG); the board list, the minutes and the reports are made
from the records when the pack is printed. The files are drawn here with the standard
library only (a two-page PDF in Helvetica, a grey PNG), as a scanner would give them."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from decimal import Decimal

from nassij_desktop.core.funding.documents import USUAL_DOCUMENTS, attach_request_document
from nassij_desktop.core.funding.logframe import (
    ActivityData,
    IndicatorData,
    LogframeData,
    ResultData,
    set_request_logframe,
)
from nassij_desktop.core.funding.services import DocumentData, set_request_checklist
from nassij_desktop.demo.context import DemoContext
from nassij_desktop.i18n import translate_in

STATUTES_PAGES = (
    (
        "STATUTS DE L'ASSOCIATION",
        "Article 1 - Denomination et siege",
        "Article 2 - Objet : soutien scolaire, formation et autonomisation des femmes",
        "Article 3 - Duree illimitee",
    ),
    (
        "Article 10 - Le bureau est elu par l'assemblee generale",
        "Article 18 - Ressources : cotisations, dons, subventions",
        "Fait a Fes, statuts modifies par l'assemblee generale",
    ),
)


def demo_pdf(pages: tuple[tuple[str, ...], ...]) -> bytes:
    """A PDF of `pages` of ASCII lines in Helvetica, with a correct cross-reference table."""
    objects: list[bytes] = []
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, lines in enumerate(pages):
        text = (
            "BT /F1 14 Tf 60 780 Td 20 TL "
            + " ".join(
                "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
                for line in lines
            )
            + " ET"
        )
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        stream = text.encode("ascii")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def demo_png(width: int = 210, height: int = 297) -> bytes:
    """A grey PNG the shape of an A4 scan: a white sheet with dark lines of "text"."""
    rows = []
    for y in range(height):
        line = 40 <= y < height - 40 and (y // 6) % 3 == 0
        pixels = bytes(60 if line and 25 <= x < width - 25 else 245 for x in range(width))
        rows.append(b"\x00" + pixels)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


def _logframe(demo: DemoContext, starts: dt.date) -> LogframeData:
    def month(n: int) -> dt.date:
        if n == 0:
            return starts
        year, index = divmod(starts.month - 1 + n, 12)
        return dt.date(starts.year + year, index + 1, 1)

    def until(n: int) -> dt.date:
        return month(n + 1) - dt.timedelta(days=1)

    t = demo.both  # in Arabic and in French, whatever the demo's language
    return LogframeData(
        objective=t(
            (
                "الحد من الهدر المدرسي لدى تلاميذ الأحياء الهامشية بفاس",
                "Réduire l'abandon scolaire des élèves des quartiers périphériques de Fès",
            )
        ),
        beneficiaries_count=120,
        beneficiaries=t(
            (
                "تلاميذ السلك الإعدادي المهددون بالانقطاع وأسرهم",
                "Collégiens menacés de décrochage et leurs familles",
            )
        ),
        results=(
            ResultData(
                t(
                    (
                        "تحسن النتائج الدراسية للتلاميذ المستفيدين",
                        "Les résultats scolaires des élèves suivis progressent",
                    )
                ),
                activities=(
                    ActivityData(
                        t(
                            (
                                "حصص الدعم في الرياضيات واللغات",
                                "Cours de soutien en mathématiques et en langues",
                            )
                        ),
                        month(0),
                        until(8),
                    ),
                    ActivityData(
                        t(("تكوين المؤطرين المتطوعين", "Formation des encadrants bénévoles")),
                        month(0),
                        until(0),
                    ),
                ),
                indicators=(
                    IndicatorData(
                        t(("نسبة التلاميذ الناجحين", "Taux de réussite des élèves suivis")),
                        t(("%", "%")),
                        baseline=Decimal(58),
                        target=Decimal(80),
                        achieved=Decimal("71.5"),
                    ),
                    IndicatorData(
                        t(("عدد التلاميذ المستفيدين", "Élèves accompagnés")),
                        t(("تلميذ", "élèves")),
                        baseline=Decimal(0),
                        target=Decimal(120),
                        achieved=Decimal(96),
                    ),
                ),
            ),
            ResultData(
                t(
                    (
                        "انخراط الأسر في تتبع تمدرس أبنائها",
                        "Les familles suivent la scolarité de leurs enfants",
                    )
                ),
                activities=(
                    ActivityData(
                        t(
                            (
                                "لقاءات شهرية مع أولياء الأمور",
                                "Rencontres mensuelles avec les parents",
                            )
                        ),
                        month(1),
                        until(8),
                    ),
                ),
                indicators=(
                    IndicatorData(
                        t(("الأسر الحاضرة في اللقاءات", "Familles présentes aux rencontres")),
                        t(("أسرة", "familles")),
                        baseline=Decimal(10),
                        target=Decimal(90),
                    ),
                ),
            ),
        ),
    )


PACK_PROJECT = "PRJ-SOUTIEN"  # the school support project, running: results achieved so far


def write_pack_request(demo: DemoContext) -> None:
    """The request of the school support project (else the first) gets its pack ready."""
    if not demo.requests:
        return
    tracked = next((r for r in demo.requests if r.project_code == PACK_PROJECT), demo.requests[0])
    session, actor = demo.session, demo.admin_actor
    labels = [translate_in(demo.lang, label) for label in USUAL_DOCUMENTS]
    set_request_checklist(
        session,
        actor,
        tracked.id,
        [
            DocumentData(label, required=True, provided=position == 2)  # the receipt, on paper
            for position, label in enumerate(labels, start=1)
        ],
    )
    attach_request_document(session, actor, tracked.id, 1, demo_pdf(STATUTES_PAGES), "statuts.pdf")
    attach_request_document(session, actor, tracked.id, 8, demo_png(), "rib-scan.png")
    starts = tracked.starts_on or dt.date(demo.today.year, 9, 1)
    set_request_logframe(session, actor, tracked.id, _logframe(demo, starts))
