"""A short, reproducible run of every fuzz target (bench/fuzz.py; the long run is
``python -m bench.fuzz --minutes 10``), and its checks holding on inputs known to be bad."""

from __future__ import annotations

import pytest

from bench import fuzz


@pytest.mark.parametrize("target", fuzz.TARGETS)
def test_a_short_fuzz_run_finds_nothing(target):
    fuzz.target_test(target, examples=12, hang=120, random_seed=13)()


def test_the_checks_fail_on_a_lost_article_and_a_hang():
    good = fuzz.Case(fuzz.reuters_story("1", "Only story").encode(), "reut2-000.sgm",
                     ("Only story", "Missing story"))
    with pytest.raises(AssertionError, match="lost"):
        fuzz.check(good)
    with pytest.raises(AssertionError, match="took"):
        fuzz.check(fuzz.Case(fuzz.SEED.read_bytes(), "story.txt"), hang=0)
