"""tools/guide_screenshots.py makes the guide's pictures from the real window."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from PySide6.QtGui import QImage

from nassij_desktop.core.common import clock
from tests.support import DemoFile

ROOT = Path(__file__).resolve().parents[2]
DAY_BEFORE_IMPORT = os.environ.get(clock.VARIABLE)  # the run's day (tests/conftest.py)
spec = importlib.util.spec_from_file_location(
    "guide_screenshots", ROOT / "tools" / "guide_screenshots.py"
)
assert spec is not None and spec.loader is not None
guide_screenshots = importlib.util.module_from_spec(spec)
spec.loader.exec_module(guide_screenshots)


def test_the_dashboard_picture_is_the_real_window_in_french(
    qapp, demo_file: DemoFile, tmp_path: Path
) -> None:
    """The script's own run takes about 1.5 s; the shared demo is built once per test run."""
    demo = demo_file(members=60, seed=3)  # the demo many tests share (built in English)
    out = tmp_path / "guide"
    written = guide_screenshots.main(
        ["--lang", "fr", "--only", "dashboard", "--out", str(out), "--db", str(demo),
         "--work", str(tmp_path / "work")]
    )  # fmt: skip
    picture = out / "fr" / "images" / "dashboard.png"
    assert written == [picture]
    image = QImage(str(picture))
    assert image.width() == guide_screenshots.MAX_WIDTH  # the 1280-pixel window, scaled
    assert 500 < image.height() < image.width()
    # Kept in 256 colours: the window's text, frames, icons and the charts' blue bars use many.
    assert image.colorCount() > 32, "a blank picture"
    white = image.pixel(image.width() // 2, 2)
    drawn = sum(
        image.pixel(x, y) != white
        for x in range(0, image.width(), 5)
        for y in range(0, image.height(), 5)
    )
    assert drawn > (image.width() // 5) * (image.height() // 5) // 10  # not an empty window
    assert not (tmp_path / "work").exists()  # the run's demo copy and preferences are gone


def test_every_picture_of_the_guide_exists_in_both_languages() -> None:
    for lang in ("ar", "fr"):
        folder = ROOT / "docs" / "guide" / lang / "images"
        assert sorted(p.stem for p in folder.glob("*.png")) == sorted(guide_screenshots.NAMES)


def test_the_pictures_are_taken_on_the_demo_s_day_and_the_run_s_day_is_given_back() -> None:
    # Importing the script changes nothing of the process: a worker that imported it went on
    # with the demo's day, and the demos built after it refused their December gifts.
    assert os.environ.get(clock.VARIABLE) == DAY_BEFORE_IMPORT
    before = clock.today()
    with guide_screenshots.on_the_demo_day():
        assert clock.today() == guide_screenshots.DEMO_TODAY
    assert clock.today() == before
