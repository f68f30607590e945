"""A register of thousands of members: read from the database a few rows at a time, written
out page by page, numbered right, and in memory that does not grow with its length."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.common.progress import Cancelled, Progress
from nassij_desktop.core.members.models import Member
from nassij_desktop.core.members.services import MemberData, create_member, register_members
from nassij_desktop.i18n import translate_in
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.members.member_register import (
    build_member_register_data,
    number_key,
    render_member_register,
)
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import open_database
from tests.shared_files import copy_of, shared_demo, shared_file

pytestmark = pytest.mark.slow

# Numbers typed by hand beside the demo's 000001…: the same value in another width, and
# numbers that are not all digits (after every number of digits, as text).
HAND_NUMBERS = ("0000099", "2024-015", "NS.7")
# Peak memory of a register three times as long: some 75 MB more (6 000 members over 2 000)
# before the pages and shaped lines left memory, so about 37 MB for 3 000 over 1 000; under
# 3 MB since.
SHORT, LONG = 1000, 3000
GROWTH_LIMIT = 20 * 2**20


DEMO_MEMBERS = 300
FIRST_NAMES = (("Amina", "أمينة"), ("Youssef", "يوسف"), ("Fatima", "فاطمة"), ("Omar", "عمر"))
LAST_NAMES = (
    ("Alaoui", "العلوي"),
    ("Benali", "بنعلي"),
    ("Tazi", "التازي"),
    ("Idrissi", "الإدريسي"),
)


def _more_members(count: int) -> list[MemberData]:
    """Members named in both scripts, as the demo's are (the register shapes every Arabic
    name), registered by the batch service an import uses: seconds, where a demo of
    thousands writes each one's dues and books for a minute."""
    return [
        MemberData(
            first_name_lat=FIRST_NAMES[n % 4][0],
            first_name_ar=FIRST_NAMES[n % 4][1],
            last_name_lat=LAST_NAMES[n // 4 % 4][0],
            last_name_ar=LAST_NAMES[n // 4 % 4][1],
        )
        for n in range(count)
    ]


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """The demo's 300 members, then as many more as each length needs."""
    template = shared_demo(tmp_path_factory, members=DEMO_MEMBERS, seed=5)

    def lengthened(members: int) -> Callable[[Path], None]:
        def make(path: Path) -> None:
            shutil.copyfile(template, path)
            database = open_database(path, backup_dir=path.parent)
            with database.transaction() as session:
                register_members(session, CLI_ACTOR, _more_members(members - DEMO_MEMBERS))
                if members == SHORT:
                    for index, number in enumerate(HAND_NUMBERS):
                        data = MemberData(last_name_lat="Tazi", first_name_lat=f"Hand {index}")
                        create_member(session, CLI_ACTOR, data, number=number)
            database.close()

        return make

    # Built once for both workers, then copied: each module opens its own file.
    folder = tmp_path_factory.mktemp("long-register")
    return {
        members: copy_of(
            shared_file(tmp_path_factory, f"long-register-{members}.sqlite", lengthened(members)),
            folder,
            f"demo-{members}.sqlite",
        )
        for members in (SHORT, LONG)
    }


def test_a_register_read_a_few_rows_at_a_time_lists_everyone_once_in_order(
    demo_files: dict[int, Path],
    tmp_path: Path,
    pdf_text: Callable[..., str],
    pdf_page_count: Callable[[Path], int],
    pdf_fonts: Callable[[Path], list],
) -> None:
    out = tmp_path / "register.pdf"
    database = open_database(demo_files[SHORT], backup_dir=tmp_path)
    with database.session() as session:
        expected = sorted(session.scalars(sa.select(Member.number)), key=number_key)
        # 37 rows a fetch: fetches end in the middle of pages, and pages in the middle of them.
        data = build_member_register_data(session, fetch_rows=37)
        pages = render_member_register(data, "fr", out)
    database.close()

    assert len(expected) == SHORT + len(HAND_NUMBERS)
    assert expected.index("0000099") + 1 == expected.index("000099")
    assert expected[-2:] == ["2024-015", "NS.7"]
    assert pdf_page_count(out) == pages > 25

    listed = set(expected)
    seen = [word for word in pdf_text(out, layout=False).split() if word in listed]
    assert seen == expected

    def numbered(page: int) -> str:
        text = translate_in("fr", "Page {page} of {pages}").format(page=page, pages=pages)
        return "".join(text.split())

    assert numbered(1) in "".join(pdf_text(out, 1).split())
    assert numbered(pages) in "".join(pdf_text(out, pages).split())
    names = [font.name for font in pdf_fonts(out)]
    assert len(names) == len(set(names)), "each font embedded once, subset for the whole file"


def test_a_register_reports_its_progress_and_stops_when_cancelled(
    demo_files: dict[int, Path], tmp_path: Path
) -> None:
    """As the documents page does it: the register written on a worker thread, the progress
    read and Cancel pressed from another."""
    folder = tmp_path / "out"
    folder.mkdir()
    progress = Progress()
    failure: list[BaseException] = []

    def write() -> None:
        database = open_database(demo_files[SHORT], backup_dir=tmp_path)
        request = ReportRequest(lang="fr", out=folder / "register.pdf", progress=progress)
        try:
            with database.session() as session:
                produce_report(session, CLI_ACTOR, "member-register", request)
        except BaseException as error:  # handed to the test's thread
            failure.append(error)
        finally:
            database.close()

    worker = threading.Thread(target=write)
    worker.start()
    deadline = time.monotonic() + 120
    while progress.state().done < 250 and worker.is_alive():
        assert time.monotonic() < deadline, "no progress reported"
        time.sleep(0.01)
    state = progress.state()
    progress.cancel()
    worker.join(120)

    assert not worker.is_alive()
    assert state.total == SHORT + len(HAND_NUMBERS) and 250 <= state.done < state.total
    assert len(failure) == 1 and isinstance(failure[0], Cancelled)
    assert list(folder.iterdir()) == [], "a cancelled register leaves no file, whole or partial"


# The register drawn in a process of its own, which then reads its peak resident memory from
# /proc (VmHWM: this program's own peak; ru_maxrss would also count the pytest process the
# child was forked from) and prints it with the page count.
RENDER = """
import sys
from pathlib import Path
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.common.progress import Cancelled, Progress
from nassij_desktop.reports.members.member_register import member_register_report
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import open_database

source, out = Path(sys.argv[1]), Path(sys.argv[2])
database = open_database(source, backup_dir=out.parent)
with database.session() as session:
    result = member_register_report(session, CLI_ACTOR, ReportRequest(lang="ar", out=out))
database.close()
status = Path("/proc/self/status").read_text().splitlines()
peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(result.pages, peak_kb * 1024)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_the_memory_of_a_register_does_not_grow_with_its_length(
    demo_files: dict[int, Path], tmp_path: Path
) -> None:
    peaks, pages = {}, {}
    for members, path in demo_files.items():
        out = tmp_path / f"register-{members}.pdf"
        done = subprocess.run(
            [sys.executable, "-c", RENDER, str(path), str(out)],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        pages[members], peaks[members] = map(int, done.stdout.split())
    assert pages[LONG] > 2.5 * pages[SHORT]
    growth = peaks[LONG] - peaks[SHORT]
    assert growth < GROWTH_LIMIT, f"{growth / 2**20:.1f} MB more for 3 times the pages"
