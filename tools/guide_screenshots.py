"""The user guide's screenshots, taken from the real windows, in Arabic and French.

    python tools/guide_screenshots.py                    # every picture, both languages
    python tools/guide_screenshots.py --lang fr --only dashboard members-page
    python tools/guide_screenshots.py --out /tmp/guide   # /tmp/guide/<lang>/images/<NAME>.png

For each language a demo association is built in that language (the `demo` service: fixed
seed and fixed `today`, which is also the program's today while the pictures are taken, so
that they change only when the screens do; `--db FILE` takes a demo file already made
instead), the main window is made as the application makes it
(`create_application`, the demo administrator signed in, `MainWindow`), 1280×760, and each page
is shown or each dialog opened through the window's own actions, then grabbed once what the
page reads has arrived (no waiting by the clock: the events are processed until the page says
it is loaded). `financial-report` is the first page of the annual financial report's PDF,
rendered with pdftoppm. The names are the guide's (docs/guide, see NAMES).

The pictures are scaled to at most MAX_WIDTH pixels wide and kept in 256 colours: the whole set
stays small in the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QSize, Qt  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QWidget  # noqa: E402

from nassij_desktop.core.common import clock  # noqa: E402
from nassij_desktop.demo.builder import build_demo  # noqa: E402
from nassij_desktop.demo.members import DEMO_PASSWORD  # noqa: E402
from nassij_desktop.i18n import set_language  # noqa: E402
from nassij_desktop.reports.kinds import produce_report  # noqa: E402
from nassij_desktop.reports.request import ReportRequest  # noqa: E402
from nassij_desktop.storage import Database, open_database  # noqa: E402
from nassij_desktop.ui.common import operations  # noqa: E402
from nassij_desktop.ui.common.context import AppContext  # noqa: E402
from nassij_desktop.ui.common.language import apply_language  # noqa: E402
from nassij_desktop.ui.shell.application import create_application  # noqa: E402
from nassij_desktop.ui.shell.main_window import MainWindow  # noqa: E402

LANGUAGES = ("ar", "fr")
GUIDE = ROOT / "docs" / "guide"
WINDOW = QSize(1280, 760)
MAX_WIDTH = 1100
DEMO_MEMBERS = 300
DEMO_SEED = 1
DEMO_TODAY = dt.date(2026, 11, 30)
WAIT_SECONDS = 30

# The guide's pictures (docs/guide/<lang>/images/<NAME>.png): the same names in both languages.
NAMES = (
    "assistant",
    "login",
    "dashboard",
    "members-page",
    "member-form",
    "dues-dialog",
    "governance-page",
    "assembly-form",
    "books-page",
    "entry-form",
    "financial-report",
    "funding-page",
    "activities-page",
    "activity-form",
    "documents-page",
    "import-assistant",
    "export-dialog",
    "backups-dialog",
    "server-dialog",
    "settings-page",
    "users-page",
)
PAGE_OF = {
    "dashboard": "dashboard",
    "members-page": "members",
    "governance-page": "governance",
    "books-page": "books",
    "funding-page": "funding",
    "activities-page": "activities",
    "documents-page": "documents",
    "settings-page": "settings",
    "users-page": "users",
}


# --- waiting for what a screen reads -----------------------------------------------------------


def settle() -> None:
    """Deliver what is posted: the events of the shown widgets, their first paints."""
    for _round in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def wait_until(condition: Callable[[], bool], what: str) -> None:
    """Process events until `condition` holds (a page loaded, an operation done)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"guide_screenshots: {what} did not finish in {WAIT_SECONDS} s")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    settle()


def no_operation_running() -> bool:
    return not operations._running  # the long operations (ui/common/operations.py) in flight


def page_loaded(page: QWidget) -> bool:
    """What the page reads after it is shown has arrived: no long operation runs, the
    dashboard has drawn its charts, a lazy table has read its first rows."""
    if not no_operation_running():
        return False
    charts = getattr(page, "chart_views", None)
    if charts is not None and not charts:
        return False
    model = getattr(page, "model", None)
    if model is not None and hasattr(model, "loaded_rows"):
        return model.rowCount() == 0 or model.loaded_rows() > 0
    return True


# --- saving --------------------------------------------------------------------------------


def save(widget: QWidget, path: Path) -> Path:
    settle()
    widget.grab()  # a first paint asks a lazy table for its rows
    settle()
    image = widget.grab().toImage()
    if image.width() > MAX_WIDTH:
        image = image.scaledToWidth(MAX_WIDTH, Qt.TransformationMode.SmoothTransformation)
    save_image(image, path)
    return path


def save_image(image: QImage, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    small = image.convertToFormat(
        QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither
    )
    if not small.save(str(path), "PNG"):
        raise SystemExit(f"guide_screenshots: cannot write {path}")


def private_settings(folder: Path) -> contextlib.AbstractContextManager[object]:
    """This computer's preferences in a folder of the run (NASSIJ_DATA_DIR): the pictures
    never show, nor change, the ones of the person running the script (sizes, recent files)."""
    return mock.patch.dict(os.environ, {"NASSIJ_DATA_DIR": str(folder / "data")})


def on_the_demo_day() -> contextlib.AbstractContextManager[object]:
    """The program's today is the demo's (core/common/clock.py): the pictures show the same
    dates, fiscal year and late deadlines whenever they are taken."""
    return mock.patch.dict(os.environ, {clock.VARIABLE: DEMO_TODAY.isoformat()})


# --- the demo and the window ---------------------------------------------------------------


@contextmanager
def demo_database(lang: str, source: Path | None, folder: Path) -> Iterator[Database]:
    path = folder / lang / "demo.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    if source is not None:
        shutil.copyfile(source, path)
        database = open_database(path)
    else:
        set_language(lang)  # the demo's texts are in the language it is built in
        database = open_database(path, create=True)
        build_demo(database, members=DEMO_MEMBERS, seed=DEMO_SEED, today=DEMO_TODAY)
    try:
        yield database
    finally:
        database.close()


def signed_in_window(database: Database) -> MainWindow:
    from nassij_desktop.core.users.services import sign_in

    with database.transaction() as session:
        signed = sign_in(session, "admin", DEMO_PASSWORD, record=False)
    window = MainWindow(AppContext(database, signed.actor, signed.name))
    window.back_up_on_close = False  # a picture session writes nothing
    window.resize(WINDOW)
    window.show()
    settle()
    return window


def show_page(window: MainWindow, key: str) -> QWidget:
    if not window.show_page(key):
        raise SystemExit(f"guide_screenshots: the demo administrator has no page {key!r}")
    page = window.page(key)
    assert page is not None
    settle()
    wait_until(lambda: page_loaded(page), f"the page {key}")
    return page


def close_dialog(dialog: QDialog) -> None:
    dialog.reject()
    dialog.close()
    settle()


# --- one picture each ----------------------------------------------------------------------


def take_page(window: MainWindow, name: str, path: Path) -> None:
    show_page(window, PAGE_OF[name])
    save(window, path)


def take_dialog(dialog: QDialog, path: Path) -> None:
    dialog.show()
    wait_until(no_operation_running, path.stem)
    save(dialog, path)
    close_dialog(dialog)


def take(name: str, window: MainWindow, database: Database, lang: str, path: Path) -> None:
    if name in PAGE_OF:
        take_page(window, name, path)
        return
    if name == "assistant":
        from nassij_desktop.ui.startup.assistant import FirstRunAssistant

        take_dialog(FirstRunAssistant(None, ask_language=True), path)
    elif name == "login":
        from nassij_desktop.ui.access.login import LoginDialog

        login = LoginDialog(database, None)
        take_dialog(login, path)
    elif name == "member-form":
        take_dialog(show_page(window, "members").add_member(), path)  # type: ignore[attr-defined]
    elif name == "dues-dialog":
        page = show_page(window, "members")
        page.select_row(0)  # type: ignore[attr-defined]
        dialog = page.record_dues()  # type: ignore[attr-defined]
        if dialog is None:
            raise SystemExit("guide_screenshots: no dues dialog for the first member")
        take_dialog(dialog, path)
    elif name == "assembly-form":
        take_dialog(show_page(window, "governance").convene(), path)  # type: ignore[attr-defined]
    elif name == "entry-form":
        take_dialog(show_page(window, "books").new_receipt(), path)  # type: ignore[attr-defined]
    elif name == "activity-form":
        page = show_page(window, "activities")
        take_dialog(page.add_activity(), path)  # type: ignore[attr-defined]
    elif name == "import-assistant":
        take_dialog(show_page(window, "members").open_import(), path)  # type: ignore[attr-defined]
    elif name == "export-dialog":
        take_dialog(window.show_export(), path)
    elif name == "backups-dialog":
        from nassij_desktop.storage.backups import backup_now

        backup_now(database, window.context.actor)  # a list with a line in it
        take_dialog(window.show_backups(), path)
    elif name == "server-dialog":
        from nassij_desktop.ui.startup.server_dialog import ServerDialog

        take_dialog(ServerDialog(window), path)
    elif name == "financial-report":
        financial_report(database, window, lang, path)
    else:
        raise SystemExit(f"guide_screenshots: no picture named {name!r}")


def financial_report(database: Database, window: MainWindow, lang: str, path: Path) -> None:
    """The annual financial report's first page, as pdftoppm renders it."""
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "financial.pdf"
        with database.transaction() as session:
            produce_report(
                session,
                window.context.actor,
                "financial",
                ReportRequest(lang=lang, out=pdf, year=DEMO_TODAY.year),  # type: ignore[arg-type]
            )
        stem = Path(folder) / "page"
        subprocess.run(
            ["pdftoppm", "-r", "90", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf), stem],
            check=True,
        )
        image = QImage(str(stem.with_suffix(".png")))
    if image.width() > MAX_WIDTH:
        image = image.scaledToWidth(MAX_WIDTH, Qt.TransformationMode.SmoothTransformation)
    save_image(image, path)


# --- the command -----------------------------------------------------------------------------


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="guide_screenshots", description=__doc__.split("\n")[0])
    parser.add_argument("--lang", choices=LANGUAGES, action="append", help="default: both")
    parser.add_argument("--only", nargs="+", choices=NAMES, metavar="NAME", help="default: all")
    parser.add_argument(
        "--out", type=Path, default=GUIDE, help="the guide's folder: <OUT>/<lang>/images/NAME.png"
    )
    parser.add_argument("--db", type=Path, help="a demo file already made (copied, not changed)")
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "nassij-guide",
        help="the run's folder (emptied): the demo files and the preferences; a fixed one, "
        "since the window shows the file's path",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> list[Path]:
    arguments = parse(sys.argv[1:] if argv is None else argv)
    written: list[Path] = []
    folder = arguments.work
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    with private_settings(folder), on_the_demo_day():
        app = create_application([sys.argv[0]])
        for lang in arguments.lang or LANGUAGES:
            apply_language(lang, app)
            with demo_database(lang, arguments.db, folder) as database:
                window = signed_in_window(database)
                try:
                    for name in arguments.only or NAMES:
                        path = arguments.out / lang / "images" / f"{name}.png"
                        take(name, window, database, lang, path)
                        written.append(path)
                        print(path)
                finally:
                    window.close()
                    window.deleteLater()
                    # Gone before its file closes: no later event may reach it.
                    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
                    settle()
    shutil.rmtree(folder, ignore_errors=True)
    return written


if __name__ == "__main__":
    main()
