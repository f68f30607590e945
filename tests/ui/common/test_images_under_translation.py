"""Images read from their bytes (a logo, a scanned voucher) once the interface speaks Arabic or
French: the app's own Qt translator must not answer "" for strings it does not know, or Qt's
TGA reader takes every PNG for a TGA and refuses it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from nassij_desktop.ui.common.language import apply_language

pytestmark = [pytest.mark.gui]


def png_bytes() -> bytes:
    image = QImage(24, 16, QImage.Format.Format_RGB32)
    image.fill(QColor("darkgreen"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_an_image_loads_from_its_bytes_in_the_interface_language(
    qapp: QApplication, lang: str
) -> None:
    try:
        apply_language(lang, qapp)
        image = QImage()
        assert image.loadFromData(png_bytes()), "the PNG was refused"
        assert (image.width(), image.height()) == (24, 16)
        # A string Qt's catalogs do not know stays itself (a null answer, not an empty one).
        assert QCoreApplication.translate("QTgaFile", "Image type not supported") != ""
    finally:
        apply_language("en", qapp)
