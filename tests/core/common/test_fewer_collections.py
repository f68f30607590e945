"""bulk.fewer_collections: the collector's threshold raised for a batch, put back after the
last batch running ends, whatever the order in which batches of several threads end."""

from __future__ import annotations

import gc
import threading

import pytest

from nassij_desktop.core.common.bulk import BATCH_GC_THRESHOLD, fewer_collections


@pytest.fixture
def thresholds():
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*before)


def test_raised_inside_and_put_back_after_even_on_error(thresholds):
    with fewer_collections():
        assert gc.get_threshold() == (BATCH_GC_THRESHOLD, 10, 10)
        with fewer_collections():  # nested: still raised
            assert gc.get_threshold()[0] == BATCH_GC_THRESHOLD
        assert gc.get_threshold()[0] == BATCH_GC_THRESHOLD
    assert gc.get_threshold() == (700, 10, 10)
    with pytest.raises(ValueError, match="refused"), fewer_collections():
        raise ValueError("refused")
    assert gc.get_threshold() == (700, 10, 10)


def test_a_higher_threshold_is_kept(thresholds):
    gc.set_threshold(BATCH_GC_THRESHOLD * 2, 10, 10)
    with fewer_collections():
        assert gc.get_threshold()[0] == BATCH_GC_THRESHOLD * 2


def test_batches_of_two_threads_ending_out_of_order(thresholds):
    first_in, first_may_end = threading.Event(), threading.Event()

    def first() -> None:
        with fewer_collections():
            first_in.set()
            first_may_end.wait(5)

    thread = threading.Thread(target=first)
    thread.start()
    assert first_in.wait(5)
    with fewer_collections():  # starts after the first, ends before it
        assert gc.get_threshold()[0] == BATCH_GC_THRESHOLD
    assert gc.get_threshold()[0] == BATCH_GC_THRESHOLD  # the first still runs
    first_may_end.set()
    thread.join(5)
    assert gc.get_threshold() == (700, 10, 10)
