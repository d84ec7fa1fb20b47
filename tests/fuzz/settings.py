"""Hypothesis settings of the fuzz suite: a small deterministic profile for CI and a
large one chosen with PERSONAKIT_FUZZ=N (N examples per property); and `cache_on`, the
temporary folder of one example of a property over the cache."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, settings

FUZZ_ENV = "PERSONAKIT_FUZZ"


def _common(max_examples: int, derandomize: bool) -> settings:
    return settings(
        max_examples=max_examples,
        derandomize=derandomize,
        deadline=None,  # a case runs whole commands; timing varies with the machine's load
        database=None,  # no example database written into the repository
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )


def fuzz_settings(ci_examples: int) -> settings:
    """`ci_examples` deterministic examples, or PERSONAKIT_FUZZ random ones per property."""
    large = os.environ.get(FUZZ_ENV, "")
    if large.isdigit() and int(large) > 0:
        return _common(int(large), derandomize=False)
    return _common(ci_examples, derandomize=True)


@contextlib.contextmanager
def cache_on(prefix: str) -> Iterator[Path]:
    """A fresh temporary folder (resolved) for one example, with the cache turned on and
    no change too recent to trust (each example settles its own files)."""
    from personakit import lint_cache

    with (
        tempfile.TemporaryDirectory(prefix=prefix) as tmp,
        mock.patch.dict(os.environ),
        mock.patch.object(lint_cache, "RACY_NS", 0),
    ):
        os.environ.pop("PERSONAKIT_NO_CACHE", None)
        yield Path(tmp).resolve()
