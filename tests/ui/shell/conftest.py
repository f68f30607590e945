"""The shell tests read English: the shell starts in the saved language, Arabic by default.

`shell`: the program's shell on the application as `run` sets it up, closed after the test
(its window, its file's lock, the passwords of protected files it learned)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from nassij_desktop.storage import encryption
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.common.preferences import save_language
from nassij_desktop.ui.shell.application import create_application
from nassij_desktop.ui.shell.controller import Shell


@pytest.fixture(autouse=True)
def english_interface() -> None:
    save_language("en")


@pytest.fixture
def shell(qapp) -> Iterator[Shell]:  # type: ignore[no-untyped-def]
    create_application()  # in the saved language (English: see above)
    shell = Shell()
    yield shell
    shell.close()
    encryption.forget_keys()
    apply_language("en", qapp)
