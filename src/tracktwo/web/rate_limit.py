"""In-memory token-bucket rate limiting for the web app: logins, votes, submissions, API.

A dialogue server is small (one process, tens to hundreds of participants), so an
in-process table is enough and needs no Redis. What it must withstand is abuse: password
guessing on the organiser login, a script flooding votes or statements under one invite,
and a flood of distinct keys (spoofed addresses) meant to exhaust memory. Hence:

- a token bucket per key: `burst` requests at once, then `rate_per_second` sustained;
- one lock around the table, so concurrent requests never spend the same token twice;
- a hard cap on the number of keys, evicting idle buckets first and the least recently
  used otherwise, in amortised constant time.

Pure Python with an injectable clock so tests need neither a web server nor sleeps.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

DEFAULT_MAX_KEYS = 100_000


class _Bucket:
    __slots__ = ("tokens", "updated")

    def __init__(self, tokens: float, updated: float) -> None:
        self.tokens = tokens
        self.updated = updated


class RateLimiter:
    """Token buckets keyed by string, e.g. `"login:203.0.113.7"` or `"vote:<participant>"`.

    A new key starts with a full bucket of `burst` tokens; each allowed request spends
    one, and tokens come back at `rate_per_second` up to `burst`. Thread-safe.
    """

    def __init__(
        self,
        rate_per_second: float,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = DEFAULT_MAX_KEYS,
    ) -> None:
        if not rate_per_second > 0:
            raise ValueError(f"rate_per_second must be positive, not {rate_per_second}")
        if burst < 1:
            raise ValueError(f"burst must be at least 1, not {burst}")
        if max_keys < 1:
            raise ValueError(f"max_keys must be at least 1, not {max_keys}")
        self._rate = float(rate_per_second)
        self._burst = burst
        self._clock = clock
        self._max_keys = max_keys
        # A bucket untouched for this long has refilled completely, so forgetting it
        # changes nothing: the key would start again with a full bucket anyway.
        self._refill_seconds = burst / self._rate
        # Insertion order is recency order: every touch moves the key to the end, so
        # the idlest buckets are always at the front.
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    @property
    def rate_per_second(self) -> float:
        return self._rate

    @property
    def burst(self) -> int:
        return self._burst

    def __len__(self) -> int:
        """How many keys are tracked now (for monitoring and tests)."""
        with self._lock:
            return len(self._buckets)

    def allow(self, key: str) -> bool:
        """Spend one token of `key` if it has one; False means refuse the request."""
        with self._lock:
            now = self._clock()
            bucket = self._buckets.pop(key, None)
            if bucket is None:
                self._make_room(now)
                bucket = _Bucket(float(self._burst), now)
            else:
                self._refill(bucket, now)
            self._buckets[key] = bucket
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return True
            return False

    def retry_after(self, key: str) -> float:
        """Seconds until `key` has a token again; 0.0 if it has one now (or is unknown).

        Meant for the `Retry-After` header of a 429 answer; it spends nothing and does
        not count as activity of the key.
        """
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                return 0.0
            # Computed, not stored: `updated` must stay the time of the last request so
            # that the recency order used for eviction holds.
            tokens = self._tokens_at(bucket, self._clock())
            if tokens >= 1.0:
                return 0.0
            return (1.0 - tokens) / self._rate

    def _tokens_at(self, bucket: _Bucket, now: float) -> float:
        # A clock that steps back (it should not, being monotonic) must not drain tokens.
        elapsed = max(0.0, now - bucket.updated)
        return min(float(self._burst), bucket.tokens + elapsed * self._rate)

    def _refill(self, bucket: _Bucket, now: float) -> None:
        bucket.tokens = self._tokens_at(bucket, now)
        bucket.updated = max(bucket.updated, now)

    def _make_room(self, now: float) -> None:
        """Keep the table below `max_keys` before a new key is added (lock held)."""
        if len(self._buckets) < self._max_keys:
            return
        # Idle buckets are full and can go for free. Scanning stops at the first
        # recently used one, since everything after it in recency order is newer still,
        # so each bucket is looked at once when evicted: amortised O(1) per request.
        while self._buckets:
            oldest_key = next(iter(self._buckets))
            if now - self._buckets[oldest_key].updated < self._refill_seconds:
                break
            del self._buckets[oldest_key]
        # A flood of distinct active keys: forget the least recently used. That key gets
        # a fresh burst if it returns, a leak we accept over unbounded memory or over
        # refusing every newcomer (which would lock out honest users during the flood).
        while len(self._buckets) >= self._max_keys:
            del self._buckets[next(iter(self._buckets))]


@dataclass(frozen=True)
class RateLimit:
    """One limit: a sustained rate and the burst allowed on top of it."""

    rate_per_second: float
    burst: int

    def __post_init__(self) -> None:
        # Fail when the app's settings are built, not on the first request.
        if not self.rate_per_second > 0:
            raise ValueError(f"rate_per_second must be positive, not {self.rate_per_second}")
        if self.burst < 1:
            raise ValueError(f"burst must be at least 1, not {self.burst}")

    @classmethod
    def per_minute(cls, requests: float, burst: int) -> RateLimit:
        return cls(rate_per_second=requests / 60.0, burst=burst)

    def limiter(
        self, clock: Callable[[], float] = time.monotonic, max_keys: int = DEFAULT_MAX_KEYS
    ) -> RateLimiter:
        return RateLimiter(self.rate_per_second, self.burst, clock=clock, max_keys=max_keys)


@dataclass(frozen=True)
class RateLimits:
    """The limits the web app applies, with defaults chosen for a track-two dialogue.

    - `login` (key `login:<client address>`): 5 per minute, burst 5. A person mistyping
      a password needs a few tries; a guesser is held to 7,200 guesses a day per address,
      and the argon2 hash makes each one costly anyway.
    - `votes` (key `vote:<participant>`): 20 per second, burst 40. Voting is fast
      clicking through a deck of statements; a person cannot sustain 20 a second, a
      script can, and it is slowed without hurting anyone real.
    - `statements` (key `statement:<participant>`): 6 per minute, burst 3. Writing a
      statement takes time; this stops a participant flooding the moderation queue.
    - `api_tokens` (key `api:<token id>`): 10 per minute, burst 10. API clients (exports,
      organiser scripts) make few, heavy requests.

    Deployments may pass other values; these are starting points, not measurements.
    """

    login: RateLimit = field(default_factory=lambda: RateLimit.per_minute(5, burst=5))
    votes: RateLimit = field(default_factory=lambda: RateLimit(rate_per_second=20.0, burst=40))
    statements: RateLimit = field(default_factory=lambda: RateLimit.per_minute(6, burst=3))
    api_tokens: RateLimit = field(default_factory=lambda: RateLimit.per_minute(10, burst=10))
