"""CPU-time budgets: they count the limited thread's CPU time (never sleeping, never other threads), nest,
work in any thread, and a claim's whole limit passes through `except Exception`."""

import threading
import time

import pytest

from derivations.base.budget import OutOfTime, TimeLimit, budget, cpu_seconds, times_fired


def spin(seconds):
    """Burn ``seconds`` of this thread's CPU time."""
    start = cpu_seconds()
    while cpu_seconds() - start < seconds:
        pass


def test_busy_block_runs_out_after_its_cpu_seconds():
    start, fired = cpu_seconds(), times_fired()
    with pytest.raises(OutOfTime):
        with budget(0.2):
            spin(30)
    assert 0.2 <= cpu_seconds() - start < 30
    assert times_fired() > fired


def test_sleeping_uses_no_budget():
    with budget(0.05):
        time.sleep(0.3)  # wall time passes, CPU time hardly: no exception


def test_another_threads_work_is_not_counted():
    worker = threading.Thread(target=spin, args=(0.4,))
    with budget(0.2):
        worker.start()
        worker.join()  # this thread waits; the other one spins


@pytest.mark.parametrize("seconds", [0, -1, None])
def test_no_limit(seconds):
    with budget(seconds):
        spin(0.05)


def test_claim_limit_is_not_swallowed_by_except_exception():
    swallowed = []
    with pytest.raises(TimeLimit):
        with budget(0.2, TimeLimit):
            for _ in range(100):
                try:
                    spin(1)
                except Exception as exc:  # what a rule does with a SymPy failure
                    swallowed.append(exc)
    assert not swallowed


def test_inner_budget_runs_out_first_and_the_outer_goes_on():
    with budget(30):
        with pytest.raises(OutOfTime):
            with budget(0.1):
                spin(30)
        spin(0.05)  # the outer block is still within its limit


def test_outer_limit_reaches_through_an_inner_budget():
    with pytest.raises(TimeLimit):
        with budget(0.2, TimeLimit):
            with budget(30):
                spin(30)


def test_works_outside_the_main_thread():
    outcome = []

    def limited():
        try:
            with budget(0.1):
                spin(30)
        except OutOfTime:
            outcome.append("out of time")

    worker = threading.Thread(target=limited)
    worker.start()
    worker.join()
    assert outcome == ["out of time"]


def test_nothing_lands_after_the_block():
    for _ in range(50):  # blocks that end right around their limit must not leak the exception
        try:
            with budget(0.01):
                spin(0.01)
        except OutOfTime:
            pass
    spin(0.3)  # no stray OutOfTime here


def test_a_shared_allowance_stops_its_block_and_is_spent_once_per_statement():
    from derivations.base.budget import OutOfTime, cpu_seconds, one_statement, shared

    with one_statement():
        start = cpu_seconds()
        with pytest.raises(OutOfTime):
            with shared("search", 0.3):
                spin(3.0)
        assert cpu_seconds() - start < 2.0  # stopped near its 0.3 s, not after the 3 s of work
        with pytest.raises(OutOfTime):  # the statement's allowance is spent: the next block stops at once
            with shared("search", 0.3):
                pass
        with shared("other", 0.3):  # another name has its own allowance
            pass
    with shared("search", 0.3):  # a new statement: a new account
        pass


def test_a_shared_block_inside_one_of_its_name_runs_under_the_outer_limit():
    from derivations.base.budget import OutOfTime, one_statement, shared

    with one_statement():
        with pytest.raises(OutOfTime):
            with shared("search", 0.3):
                with shared("search", 0.3):
                    spin(3.0)
