"""DaskExecutor: a loopback cluster gives the serial executor's results, in input order."""

from __future__ import annotations

import re
import socket
import sys
import time
from collections.abc import Iterator
from functools import partial

import pytest

from tracktwo.narrative import dask_executor
from tracktwo.narrative.dask_executor import DaskExecutor, DaskUnavailable
from tracktwo.narrative.documents import Document, DocumentFailure
from tracktwo.narrative.executors import AnalysisConfig, SerialExecutor, analyze_chunk, chunked
from tracktwo.narrative.ingest import Outcome
from tracktwo.narrative.tables import TABLE_NAMES, concat_tables

TEXTS = [
    "America is in a race with China to dominate artificial intelligence, and we must win it.",
    '"We cannot let China win the AI race," said Jensen Huang, the CEO of Nvidia.',
    "We will cut the red tape that holds back American AI companies.",
    "OpenAI said on Monday that safety evaluations of frontier models matter.",
    "MS. LEAVITT: We are going to win the AI race, and we will remove regulations.",
]


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def cluster() -> Iterator[DaskExecutor]:
    with DaskExecutor(workers=2) as executor:
        yield executor


def test_results_come_in_input_order_with_many_chunks_in_flight(cluster: DaskExecutor) -> None:
    chunks = [tuple(range(i, i + 3)) for i in range(40)]
    assert list(cluster.map_chunks(sum, chunks)) == [sum(chunk) for chunk in chunks]
    assert list(cluster.map_chunks(sum, [])) == []


def test_analysis_tables_equal_the_serial_executors(cluster: DaskExecutor) -> None:
    outcomes: list[Outcome] = [Document(source=f"doc{i}.md", text=text) for i, text in enumerate(TEXTS)]
    outcomes.insert(2, DocumentFailure(source="broken.md", kind="encoding", message="invalid UTF-8"))
    chunks = list(chunked(outcomes, 2))
    work = partial(analyze_chunk, AnalysisConfig())
    on_dask = concat_tables(list(cluster.map_chunks(work, chunks)))
    serial = concat_tables(list(SerialExecutor().map_chunks(work, chunks)))
    assert on_dask.documents.num_rows == len(TEXTS) and on_dask.errors.num_rows == 1
    for name in TABLE_NAMES:
        assert getattr(on_dask, name).equals(getattr(serial, name)), name


def test_a_failing_chunk_raises_its_error(cluster: DaskExecutor) -> None:
    with pytest.raises(ValueError, match="invalid literal"):
        list(cluster.map_chunks(int, ["1", "x", "3"]))


def test_an_unreachable_scheduler_fails_fast_with_a_clear_message() -> None:
    address = f"tcp://127.0.0.1:{closed_port()}"
    started = time.monotonic()
    with pytest.raises(DaskUnavailable, match=f"could not reach the Dask scheduler at {re.escape(address)}"):
        DaskExecutor(address, connect_timeout=1).open()
    assert time.monotonic() - started < 10


def test_without_dask_installed_the_message_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # makes `import distributed` raise ImportError
    with pytest.raises(DaskUnavailable, match=r"tracktwo\[dask\]"):
        DaskExecutor().open()


def test_workers_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        DaskExecutor(workers=0)


def test_the_connect_timeout_is_short() -> None:
    assert dask_executor.CONNECT_TIMEOUT <= 10
