"""The shell tests read English: the shell starts in the saved language, Arabic by default."""

from __future__ import annotations

import pytest

from nassij_desktop.ui.common.preferences import save_language


@pytest.fixture(autouse=True)
def english_interface() -> None:
    save_language("en")
