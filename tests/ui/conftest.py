"""Shared by the screen tests: an answerer for modal dialogs (`modal`), association files made
through the assistant's own code (`make_association`: made once per run for each profile, then
copied per test), and a clean application.

Every screen test starts in English, left to right, whatever the previous test switched to
(a language switch changes application-wide Qt state: direction, Qt's own translations), and
leaves no window behind: windows of earlier tests kept alive until the interpreter exits make
PySide6 crash while it is shutting down."""

from __future__ import annotations

import gc
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.i18n import current_language
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.common.operations import PROGRESS_DIALOG
from nassij_desktop.ui.startup.creation import NewAssociation, create_association_file
from tests.shared_files import copy_of, shared_file
from tests.support import ADMIN_PASSWORD


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
    # What survived is kept for good (modules, caches, templates): leave it out of the next
    # collections, which then look only at what the next test made. A full collection over a
    # worker's whole heap took about a second per screen test, more than the tests themselves.
    gc.freeze()


def box_text(box: QMessageBox) -> str:
    """What the person reads: without the mark that sets the line's direction (bidi_text)."""
    return box.text().lstrip("\u200e\u200f")


class BoxWatchdog:
    """Closes a modal box that stays unanswered for `seconds` and keeps what it said. A test
    answers its boxes within milliseconds; one nobody answers (an unexpected error box, say)
    would otherwise hold the worker until pytest-timeout ends it, ten minutes later, with
    nothing of what the box said."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.closed: list[str] = []  # "title: text" of each box closed
        self._seen: tuple[int, float] | None = None  # the box open now, since when
        self.timer = QTimer()
        self.timer.setInterval(max(10, min(500, int(seconds * 250))))
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def _poll(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or not widget.isVisible() or widget.objectName() == PROGRESS_DIALOG:
            self._seen = None
            return
        if self._seen is None or self._seen[0] != id(widget):
            self._seen = (id(widget), time.monotonic())
            return
        if time.monotonic() - self._seen[1] < self.seconds or not isinstance(widget, QDialog):
            return
        text = box_text(widget) if isinstance(widget, QMessageBox) else type(widget).__name__
        self.closed.append(f"{widget.windowTitle()}: {text}")
        self._seen = None
        widget.reject()

    def stop(self) -> None:
        self.timer.stop()


UNANSWERED_BOX_SECONDS = 30


@pytest.fixture(autouse=True)
def unanswered_boxes(qapp: QApplication) -> Iterator[BoxWatchdog]:
    """A box no test answers fails the test after half a minute, saying what it said."""
    watchdog = BoxWatchdog(UNANSWERED_BOX_SECONDS)
    yield watchdog
    watchdog.stop()
    assert not watchdog.closed, (
        f"closed after {UNANSWERED_BOX_SECONDS} s without an answer: {watchdog.closed}"
    )


@pytest.fixture(scope="session")
def screens_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the tests save pictures of the screens for a person to look at: the folder named
    by NASSIJ_SCREENS_DIR (created if missing), else one under pytest's temporary folder."""
    named = os.environ.get("NASSIJ_SCREENS_DIR")
    if not named:
        return tmp_path_factory.mktemp("screens")
    folder = Path(named).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


Handler = Callable[[QWidget], None]


@dataclass
class ModalAnswerer:
    """Answers the next modal dialogs in order, as a person would, and keeps what they said."""

    handlers: list[Handler] = field(default_factory=list)
    seen: list[tuple[str, str]] = field(default_factory=list)  # (window title, text)
    button_texts: list[list[str]] = field(default_factory=list)
    timer: QTimer = field(default_factory=QTimer)
    _current: QWidget | None = None

    def __post_init__(self) -> None:
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def then(self, handler: Handler) -> ModalAnswerer:
        self.handlers.append(handler)
        return self

    def press(self, button_text: str) -> ModalAnswerer:
        def handler(widget: QWidget) -> None:
            assert isinstance(widget, QMessageBox), widget
            texts = [b.text().replace("&", "") for b in widget.buttons()]
            assert button_text in texts, texts
            widget.buttons()[texts.index(button_text)].click()

        return self.then(handler)

    def sign_in(self, login: str = "admin", password: str = ADMIN_PASSWORD) -> ModalAnswerer:
        def handler(widget: QWidget) -> None:
            form = widget.form  # type: ignore[attr-defined]
            form.login_edit.setText(login)
            form.password_edit.setText(password)
            form.submit()

        return self.then(handler)

    def buttons(self) -> list[str]:
        return list(self.button_texts[-1]) if self.button_texts else []

    def _poll(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or widget is self._current or not widget.isVisible():
            return
        if widget.objectName() == PROGRESS_DIALOG:
            return  # a long operation's progress: the person waits, the work closes it
        self._current = widget
        text = box_text(widget) if isinstance(widget, QMessageBox) else ""
        self.seen.append((widget.windowTitle(), text))
        if isinstance(widget, QMessageBox):
            self.button_texts.append([b.text().replace("&", "") for b in widget.buttons()])
        if self.handlers:
            try:
                self.handlers.pop(0)(widget)
            except BaseException:
                # Close the dialog the handler could not answer: the test fails, never hangs.
                if isinstance(widget, QDialog):
                    widget.reject()
                raise
        elif isinstance(widget, QDialog):
            widget.reject()  # nothing expected: close it, the test will fail on `seen`


@pytest.fixture
def modal(qtbot) -> Iterator[ModalAnswerer]:  # type: ignore[no-untyped-def]
    answerer = ModalAnswerer()
    yield answerer
    answerer.timer.stop()


class Ticks:
    """Counts the ticks of a timer on the GUI thread: proof that its event loop runs while a
    long operation works on its own thread."""

    def __init__(self) -> None:
        self.count = 0
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.count += 1


@pytest.fixture
def ticks(qtbot) -> Iterator[Ticks]:  # type: ignore[no-untyped-def]
    counter = Ticks()
    yield counter
    counter.timer.stop()


@pytest.fixture
def make_association(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> Callable[..., Path]:
    """`make_association(name, **profile)`: the test's own file `name`, a copy of the file the
    assistant's code wrote for that profile. Writing one runs every migration (over half a
    second) and writes nothing else (no preference, no backup): once per profile and language
    per run."""

    def make(name: str = "association.sqlite", **profile: object) -> Path:
        values = {"name_ar": "جمعية الأمل", "name_fr": "Association Al Amal", **profile}

        def create(path: Path) -> None:
            create_association_file(
                NewAssociation(
                    path=path,
                    profile=AssociationProfile(**values),  # type: ignore[arg-type]
                    admin_login="admin",
                    admin_name="Amina Idrissi",
                    admin_password=ADMIN_PASSWORD,
                )
            )

        # The reference lists are written in the language of the moment: part of the key.
        key = repr((current_language(), sorted(values.items())))
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        template = shared_file(tmp_path_factory, f"association-{digest}.sqlite", create)
        return copy_of(template, tmp_path, name).resolve()  # as the assistant returns it

    return make
