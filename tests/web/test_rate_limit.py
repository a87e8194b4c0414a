"""Token-bucket limiter: refill, burst, independent keys, retry_after, eviction, threads."""

from __future__ import annotations

import threading

import pytest

from tracktwo.web.rate_limit import RateLimit, RateLimiter, RateLimits


class FakeClock:
    """A clock the test moves by hand, so refill is exact and no test sleeps."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def allowed_count(limiter: RateLimiter, key: str, attempts: int) -> int:
    return sum(limiter.allow(key) for _ in range(attempts))


def test_a_new_key_gets_exactly_the_burst() -> None:
    limiter = RateLimiter(rate_per_second=1.0, burst=5, clock=FakeClock())
    assert allowed_count(limiter, "login:10.0.0.1", 20) == 5
    assert not limiter.allow("login:10.0.0.1")


def test_tokens_refill_at_the_rate_and_cap_at_the_burst() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate_per_second=2.0, burst=4, clock=clock)
    assert allowed_count(limiter, "k", 4) == 4

    clock.advance(0.4)  # 0.8 tokens: not yet one
    assert not limiter.allow("k")
    clock.advance(0.1)  # 1.0 token
    assert limiter.allow("k")
    assert not limiter.allow("k")

    clock.advance(1.5)  # 3 tokens
    assert allowed_count(limiter, "k", 10) == 3

    clock.advance(3600.0)  # a long idle time refills only up to the burst
    assert allowed_count(limiter, "k", 10) == 4


def test_sustained_rate_over_a_minute() -> None:
    clock = FakeClock()
    limits = RateLimits()
    limiter = limits.login.limiter(clock=clock)
    granted = 0
    for _ in range(600):  # one attempt every 0.1 s for a minute
        granted += limiter.allow("login:198.51.100.9")
        clock.advance(0.1)
    # burst 5 at once, then 5 per minute: about 10 in the first minute.
    assert 9 <= granted <= 10


def test_keys_are_independent() -> None:
    limiter = RateLimiter(rate_per_second=1.0, burst=2, clock=FakeClock())
    assert allowed_count(limiter, "vote:alice", 5) == 2
    assert allowed_count(limiter, "vote:bob", 5) == 2
    assert limiter.retry_after("vote:carol") == 0.0
    assert limiter.allow("vote:carol")


def test_retry_after_is_the_time_to_the_next_token() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate_per_second=0.5, burst=2, clock=clock)
    assert limiter.retry_after("never-seen") == 0.0
    assert limiter.allow("k")
    assert limiter.retry_after("k") == 0.0  # one token left
    assert limiter.allow("k")
    assert limiter.retry_after("k") == pytest.approx(2.0)

    clock.advance(1.5)
    assert limiter.retry_after("k") == pytest.approx(0.5)
    assert not limiter.allow("k")
    clock.advance(0.5)
    assert limiter.retry_after("k") == pytest.approx(0.0)
    assert limiter.allow("k")


def test_retry_after_spends_nothing() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate_per_second=1.0, burst=1, clock=clock)
    assert limiter.allow("k")
    clock.advance(1.0)
    for _ in range(5):
        assert limiter.retry_after("k") == 0.0
    assert limiter.allow("k")


def test_a_clock_stepping_back_does_not_drain_tokens() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate_per_second=1.0, burst=3, clock=clock)
    assert limiter.allow("k")
    clock.advance(-50.0)
    assert allowed_count(limiter, "k", 10) == 2


def test_idle_full_buckets_are_evicted_when_the_table_is_full() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate_per_second=1.0, burst=2, clock=clock, max_keys=3)
    for key in ("a", "b", "c"):
        assert limiter.allow(key)
    assert len(limiter) == 3

    clock.advance(2.0)  # a, b and c have refilled: forgetting them loses nothing
    assert limiter.allow("d")
    assert len(limiter) == 1
    # A forgotten key comes back with a full bucket, as it would have had anyway.
    assert allowed_count(limiter, "a", 5) == 2


def test_recently_used_buckets_survive_eviction_of_idle_ones() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate_per_second=1.0, burst=2, clock=clock, max_keys=3)
    assert limiter.allow("idle-1")
    assert limiter.allow("idle-2")
    clock.advance(5.0)
    assert allowed_count(limiter, "busy", 5) == 2  # drained just now
    assert limiter.allow("new")
    assert len(limiter) == 2
    # "busy" was kept, so it stays limited: eviction is no way around the limit.
    assert not limiter.allow("busy")


def test_a_flood_of_active_keys_is_bounded_by_forgetting_the_least_recent() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate_per_second=1.0, burst=1, clock=clock, max_keys=100)
    for number in range(1000):
        assert limiter.allow(f"login:spoofed-{number}")
        assert len(limiter) <= 100
    assert len(limiter) == 100
    assert not limiter.allow("login:spoofed-999")  # the most recent is still tracked


def test_using_a_key_keeps_it_from_being_forgotten() -> None:
    clock = FakeClock()
    limiter = RateLimiter(rate_per_second=1.0, burst=1, clock=clock, max_keys=2)
    assert limiter.allow("first")
    assert limiter.allow("second")
    assert not limiter.allow("first")  # touch: "second" is now the least recent
    assert limiter.allow("third")  # evicts "second", not "first"
    assert not limiter.allow("first")


def test_threads_never_get_more_than_the_burst_at_a_frozen_clock() -> None:
    burst = 40
    limiter = RateLimiter(rate_per_second=20.0, burst=burst, clock=FakeClock())
    threads_count = 16
    attempts = 200
    start = threading.Barrier(threads_count)
    granted: list[int] = []
    granted_lock = threading.Lock()

    def hammer() -> None:
        start.wait()
        count = allowed_count(limiter, "vote:participant-1", attempts)
        with granted_lock:
            granted.append(count)

    threads = [threading.Thread(target=hammer) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(granted) == threads_count
    assert sum(granted) == burst


@pytest.mark.parametrize(
    ("rate", "burst", "max_keys"),
    [(0.0, 1, 10), (-1.0, 1, 10), (1.0, 0, 10), (1.0, 1, 0)],
)
def test_invalid_parameters_are_refused(rate: float, burst: int, max_keys: int) -> None:
    with pytest.raises(ValueError):
        RateLimiter(rate, burst, max_keys=max_keys)


def test_default_limits_for_the_app() -> None:
    limits = RateLimits()
    assert limits.login == RateLimit(rate_per_second=5 / 60, burst=5)
    assert limits.votes == RateLimit(rate_per_second=20.0, burst=40)
    assert limits.statements == RateLimit(rate_per_second=6 / 60, burst=3)
    assert limits.api_tokens == RateLimit(rate_per_second=10 / 60, burst=10)
    limiter = limits.votes.limiter(clock=FakeClock(), max_keys=10)
    assert (limiter.rate_per_second, limiter.burst) == (20.0, 40)


def test_a_limit_with_no_rate_is_refused() -> None:
    with pytest.raises(ValueError, match="rate_per_second"):
        RateLimit(rate_per_second=0.0, burst=1)
