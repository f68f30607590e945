"""Every screen test starts in English, left to right, whatever the previous test switched to
(a language switch changes application-wide Qt state: direction, Qt's own translations), and
leaves no window behind: windows of earlier tests kept alive until the interpreter exits make
PySide6 crash while it is shutting down."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from nassij_desktop.ui.common.language import apply_language


@pytest.fixture(autouse=True)
def clean_application(qapp: QApplication) -> Iterator[None]:
    apply_language("en", qapp)
    yield
    apply_language("en", qapp)
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
