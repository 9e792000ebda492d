"""put_endpoints' batching, limits and accounting, against an injected sender."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from pinpoint_sdk import models
from pinpoint_sdk._bulk import BulkProgress, put_endpoints
from pinpoint_sdk._limits import MAX_ENDPOINT_BYTES


def _endpoint(i: int, **attributes: list[str]) -> models.EndpointBatchItem:
    return models.EndpointBatchItem(
        id=f"ep-{i}",
        channel_type=models.ChannelType.EMAIL,
        address=f"user{i}@example.com",
        attributes=attributes or None,
    )


class Recorder:
    def __init__(self, fail_when: set[str] | None = None) -> None:
        self.batches: list[list[str | None]] = []
        self.fail_when = fail_when or set()
        self.lock = threading.Lock()

    def __call__(self, items: list[dict[str, Any]]) -> None:
        ids = [item.get("Id") for item in items]
        with self.lock:
            self.batches.append(ids)
        if self.fail_when & set(ids):
            raise RuntimeError("batch rejected")


def test_every_endpoint_is_sent_once_in_batches_of_at_most_100() -> None:
    sender = Recorder()
    result = put_endpoints(sender, (_endpoint(i) for i in range(250)), max_workers=3)
    assert result.ok
    assert result.accepted == 250
    assert result.batches_sent == 3
    sent = sorted(i for batch in sender.batches for i in batch if i is not None)
    assert sent == sorted(f"ep-{i}" for i in range(250))
    assert max(len(b) for b in sender.batches) == 100


def test_batch_size_is_honoured() -> None:
    sender = Recorder()
    put_endpoints(sender, [_endpoint(i) for i in range(10)], batch_size=3)
    assert sorted(len(b) for b in sender.batches) == [1, 3, 3, 3]


def test_a_rejected_batch_names_exactly_its_items() -> None:
    sender = Recorder(fail_when={"ep-150"})
    result = put_endpoints(sender, [_endpoint(i) for i in range(300)])
    assert result.accepted == 200
    assert [f.index for f in result.failed] == list(range(100, 200))
    assert {f.endpoint_id for f in result.failed} == {f"ep-{i}" for i in range(100, 200)}
    assert all(f.reason == "RuntimeError: batch rejected" for f in result.failed)
    assert isinstance(result.failed[0].error, RuntimeError)


def test_an_item_over_a_limit_fails_alone_and_is_never_sent() -> None:
    sender = Recorder()
    items = [_endpoint(0), _endpoint(1, **{"n" * 51: ["x"]}), _endpoint(2, color=["v" * 101])]
    result = put_endpoints(sender, items)
    assert result.accepted == 1
    assert [f.index for f in result.failed] == [1, 2]
    assert "at most 50" in result.failed[0].reason
    assert "at most 100" in result.failed[1].reason
    assert sender.batches == [["ep-0"]]


def test_what_is_sent_is_each_endpoint_as_boto3_takes_it() -> None:
    sent: list[list[dict[str, Any]]] = []
    put_endpoints(sent.append, [_endpoint(7, plan=["pro"])])
    assert sent == [
        [
            {
                "Id": "ep-7",
                "ChannelType": "EMAIL",
                "Address": "user7@example.com",
                "Attributes": {"plan": ["pro"]},
            }
        ]
    ]


def test_too_many_values_and_too_large_an_endpoint_are_refused() -> None:
    many = _endpoint(0, tags=[str(i) for i in range(51)])
    large = _endpoint(1, **{f"a{i}": ["x" * 100] * 20 for i in range(8)})
    result = put_endpoints(Recorder(), [many, large])
    assert "51 values; at most 50" in result.failed[0].reason
    assert f"at most {MAX_ENDPOINT_BYTES}" in result.failed[1].reason


def test_more_than_250_distinct_attribute_names_in_one_load_are_refused() -> None:
    items = [_endpoint(i, **{f"attr{i}": ["x"]}) for i in range(260)]
    result = put_endpoints(Recorder(), items)
    assert result.accepted == 250
    assert [f.index for f in result.failed] == list(range(250, 260))


def test_a_bad_value_is_reported_with_its_path() -> None:
    bad = models.EndpointBatchItem(id="ep-x", address=5)  # type: ignore[arg-type]
    result = put_endpoints(Recorder(), [bad, "not an endpoint"])  # type: ignore[list-item]
    assert result.failed[0].reason == "$.Address: expected a string, got int"
    assert "expected an EndpointBatchItem" in result.failed[1].reason


def test_progress_callback_sees_every_batch() -> None:
    seen: list[BulkProgress] = []
    put_endpoints(Recorder(), [_endpoint(i) for i in range(230)], progress=seen.append)
    assert len(seen) == 3
    assert seen[-1] == BulkProgress(accepted=230, failed=0, batches_sent=3)


def test_progress_true_without_tqdm_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_tqdm(name: str, *args: object, **kwargs: object) -> object:
        if name == "tqdm":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_tqdm)
    with pytest.raises(ImportError, match=r"pinpoint-sdk\[progress\]"):
        put_endpoints(Recorder(), [_endpoint(0)], progress=True)


def test_the_input_is_read_lazily_with_bounded_batches_in_flight() -> None:
    produced = 0
    finished = 0
    ahead_peak = 0  # items read from the input but not yet sent: what the load holds in memory
    in_flight = in_flight_peak = 0
    lock = threading.Lock()

    def items() -> Iterator[models.EndpointBatchItem]:
        nonlocal produced
        for i in range(5000):
            produced += 1
            yield _endpoint(i)

    def send(batch: list[dict[str, Any]]) -> None:
        nonlocal in_flight, in_flight_peak, finished, ahead_peak
        with lock:
            in_flight += 1
            in_flight_peak = max(in_flight_peak, in_flight)
            ahead_peak = max(ahead_peak, produced - finished)
        threading.Event().wait(0.001)
        with lock:
            in_flight -= 1
            finished += len(batch)

    result = put_endpoints(send, items(), max_workers=2)
    assert result.accepted == 5000
    assert in_flight_peak <= 2
    # At most 2 * max_workers batches queued plus the one being filled.
    assert ahead_peak <= (2 * 2 + 1) * 100 + 1


def test_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="batch_size"):
        put_endpoints(Recorder(), [], batch_size=101)
    with pytest.raises(ValueError, match="max_workers"):
        put_endpoints(Recorder(), [], max_workers=0)
