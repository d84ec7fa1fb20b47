"""The collector pause around bulk work: what a run built is frozen, and handed back to
the collector by the next pause, so a long-running process keeps nothing for good."""

from __future__ import annotations

import gc
import weakref

from personakit.gc_pause import paused_gc


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_a_run_is_frozen_and_the_next_pause_hands_it_back() -> None:
    gc.unfreeze()
    with paused_gc():
        node = _Node()
    gone = weakref.ref(node)
    del node
    assert gc.get_freeze_count() > 0
    gc.collect()
    assert gone() is not None, "frozen objects are out of the collector's view"
    with paused_gc():
        gc.collect()  # collects even while paused, over what is not frozen
        assert gone() is None, "the next pause handed the first run's cycle back"


def test_the_collector_resumes_as_it_was() -> None:
    was = gc.isenabled()
    try:
        gc.disable()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
        gc.enable()
        with paused_gc():
            assert not gc.isenabled()
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
