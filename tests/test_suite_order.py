"""The suite's own order (tests/conftest.py): the files LONGEST_FIRST names exist and go first.
A renamed file would silently fall back among the others, and a worker would again stand idle
at the end of `make test` while the other ran it."""

from __future__ import annotations

import pytest

from tests.conftest import LONGEST_FIRST, TESTS


def test_the_files_named_longest_first_exist() -> None:
    missing = [name for name in LONGEST_FIRST if not (TESTS / name).is_file()]
    assert not missing, f"tests/conftest.py LONGEST_FIRST names files that are gone: {missing}"


def test_the_session_hands_them_out_first(request: pytest.FixtureRequest) -> None:
    files = list(dict.fromkeys(item.path for item in request.session.items))
    named = [TESTS / name for name in LONGEST_FIRST if TESTS / name in files]
    assert files[: len(named)] == named
