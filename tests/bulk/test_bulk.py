"""put_endpoints' batching, limits and accounting, against an injected sender."""

from __future__ import annotations

import pickle
import random
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import (
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)

from pinpoint_sdk import PutEndpointsInterrupted, _bulk, models, to_boto3
from pinpoint_sdk._bulk import BulkProgress, put_endpoints
from pinpoint_sdk._limits import MAX_ENDPOINT_BYTES, stored_size, wire_size
from tests.client.fakes import service_error


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


# -- writes of one Id land in input order ---------------------------------------------------


def _versioned(i: int, version: str) -> models.EndpointBatchItem:
    return _endpoint(i, version=[version])


def test_a_batch_waits_for_an_earlier_one_holding_its_ids_while_others_go_on() -> None:
    # Batch 1 rewrites batch 0's Ids; batch 2 holds other Ids. Batch 0 is held until batch 2 has
    # started: concurrency is kept for disjoint Ids, and batch 1 may only start once batch 0 is
    # finished (here: failed, as a retried-then-abandoned batch does).
    events: list[tuple[str, str]] = []
    lock = threading.Lock()
    disjoint_started = threading.Event()

    def send(items: list[dict[str, Any]]) -> None:
        name = items[0]["Attributes"]["version"][0]
        with lock:
            events.append(("start", name))
        if name == "other":
            disjoint_started.set()
        if name == "old":
            assert disjoint_started.wait(timeout=10), "the disjoint batch never started"
            with lock:
                events.append(("end", name))
            raise RuntimeError("lost")
        with lock:
            events.append(("end", name))

    items = [_versioned(i, "old") for i in range(100)]
    items += [_versioned(i, "new") for i in range(100)]
    items += [_versioned(i, "other") for i in range(100, 200)]
    result = put_endpoints(send, items, max_workers=3)

    assert result.accepted == 200
    assert [f.index for f in result.failed] == list(range(100))
    assert events.index(("end", "old")) < events.index(("start", "new"))
    assert events.index(("start", "other")) < events.index(("end", "old"))


def test_an_id_seen_twice_starts_a_new_batch() -> None:
    sender = Recorder()
    items = [_endpoint(0), _endpoint(1), _endpoint(0), _endpoint(2)]
    result = put_endpoints(sender, items, max_workers=1)
    assert result.accepted == 4
    assert sender.batches == [["ep-0", "ep-1"], ["ep-0", "ep-2"]]


def test_same_ids_in_every_batch_are_sent_one_batch_at_a_time_in_order() -> None:
    order: list[str] = []
    in_flight = in_flight_peak = 0
    lock = threading.Lock()

    def send(items: list[dict[str, Any]]) -> None:
        nonlocal in_flight, in_flight_peak
        with lock:
            in_flight += 1
            in_flight_peak = max(in_flight_peak, in_flight)
            order.append(items[0]["Attributes"]["version"][0])
        with lock:
            in_flight -= 1

    items = [_versioned(i, f"v{r}") for r in range(20) for i in range(50)]
    result = put_endpoints(send, items, max_workers=4)
    assert result.accepted == 1000
    assert order == [f"v{r}" for r in range(20)]
    assert in_flight_peak == 1


# -- failures that may have been applied ---------------------------------------------------


@pytest.mark.parametrize(
    ("error", "may_be_applied"),
    [
        (ConnectionClosedError(endpoint_url="http://pinpoint"), True),
        (ReadTimeoutError(endpoint_url="http://pinpoint"), True),
        (service_error("InternalServerErrorException", 500), True),
        (service_error("BadRequestException", 400), False),
        (service_error("TooManyRequestsException", 429), False),
        (EndpointConnectionError(endpoint_url="http://pinpoint"), False),
        (ConnectTimeoutError(endpoint_url="http://pinpoint"), False),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, BaseException) else str(v),
)
def test_a_failed_batch_says_whether_it_may_have_been_applied(
    error: Exception, may_be_applied: bool
) -> None:
    def send(items: list[dict[str, Any]]) -> None:
        raise error

    result = put_endpoints(send, [_endpoint(0), _endpoint(1)])
    assert [(f.index, f.may_be_applied) for f in result.failed] == [
        (0, may_be_applied),
        (1, may_be_applied),
    ]
    assert result.uncertain == (result.failed if may_be_applied else ())
    assert result.failed[0].error is error


def test_an_item_refused_before_sending_was_not_applied() -> None:
    result = put_endpoints(Recorder(), [_endpoint(0, **{"n" * 51: ["x"]})])
    assert result.failed[0].may_be_applied is False


# -- an input that raises part way ---------------------------------------------------------


def test_an_input_that_raises_still_sends_what_was_read_and_says_so() -> None:
    def items() -> Iterator[models.EndpointBatchItem]:
        for i in range(250):
            yield _endpoint(i)
        raise OSError("the secret-bearing CSV line 251 could not be read")

    sender = Recorder()
    with pytest.raises(PutEndpointsInterrupted) as caught:
        put_endpoints(sender, items(), max_workers=2)

    interrupted = caught.value
    assert isinstance(interrupted.__cause__, OSError)
    assert (interrupted.result.accepted, interrupted.result.total) == (250, 250)
    assert sorted(len(b) for b in sender.batches) == [50, 100, 100]
    assert str(interrupted) == (
        "the endpoints iterable raised OSError after 250 items; 250 accepted and 0 failed "
        "before it (see .result)"
    )


def test_the_interruption_pickles_with_its_result() -> None:
    def items() -> Iterator[models.EndpointBatchItem]:
        yield _endpoint(0, **{"n" * 51: ["x"]})
        raise ValueError("bad row")

    with pytest.raises(PutEndpointsInterrupted) as caught:
        put_endpoints(Recorder(), items())
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is PutEndpointsInterrupted
    assert copy.result == caught.value.result
    assert str(copy) == str(caught.value)


# -- quotas: a bad item fails alone, as the service would count it -------------------------


def test_an_item_without_an_id_fails_alone() -> None:
    sender = Recorder()
    nameless = models.EndpointBatchItem(channel_type=models.ChannelType.EMAIL, address="a@b.c")
    empty = models.EndpointBatchItem(id="", address="a@b.c")
    result = put_endpoints(sender, [_endpoint(0), nameless, empty, _endpoint(3)])
    assert [(f.index, f.endpoint_id) for f in result.failed] == [(1, None), (2, "")]
    assert all(f.reason.startswith("Id: required") for f in result.failed)
    assert sender.batches == [["ep-0", "ep-3"]]


def test_an_unknown_channel_type_fails_alone() -> None:
    # ChannelType("FAX") is how a value the model does not know is sent elsewhere; the service
    # refuses it, with its whole batch.
    sender = Recorder()
    fax = models.EndpointBatchItem(id="ep-1", channel_type=models.ChannelType("FAX"))
    typo = models.EndpointBatchItem(id="ep-2", channel_type="email")  # type: ignore[arg-type]
    result = put_endpoints(sender, [_endpoint(0), fax, typo, _endpoint(3)])
    assert [f.index for f in result.failed] == [1, 2]
    assert result.failed[0].reason.startswith("ChannelType: not a channel the service knows (")
    assert "FAX" not in result.failed[0].reason  # the caller's value is not echoed
    assert result.failed[1].reason.startswith("$.ChannelType: expected a ChannelType value")
    assert sender.batches == [["ep-0", "ep-3"]]


def sized(endpoint_id: str, stored: int) -> models.EndpointBatchItem:
    """An endpoint whose record as Pinpoint stores it is ``stored`` bytes of JSON."""
    values: list[str] = []
    attributes = {"pad0": values}

    def item(address: str) -> models.EndpointBatchItem:
        return models.EndpointBatchItem(
            id=endpoint_id,
            channel_type=models.ChannelType.EMAIL,
            address=address,
            attributes={k: list(v) for k, v in attributes.items()},
        )

    def size(address: str = "") -> int:
        return stored_size(to_boto3(item(address)))

    while size() + 103 <= stored:  # a value of 100 characters, its quotes and a comma
        if len(values) == 50:
            values = []
            attributes[f"pad{len(attributes)}"] = values
        values.append("v" * 100)
    address = "a" * (stored - size())
    assert size(address) == stored
    return item(address)


def test_the_size_quota_counts_the_record_as_stored() -> None:
    sender = Recorder()
    sent_as = wire_size(to_boto3(sized("ep-big", MAX_ENDPOINT_BYTES + 1)))
    items = [sized("ep-fits", MAX_ENDPOINT_BYTES), sized("ep-big", MAX_ENDPOINT_BYTES + 1)]
    result = put_endpoints(sender, items)
    assert sent_as < MAX_ENDPOINT_BYTES - 200  # sent alone, it looks well within 15 KB
    assert [f.index for f in result.failed] == [1]
    assert result.failed[0].reason == (
        f"the endpoint would be stored as {MAX_ENDPOINT_BYTES + 1} bytes of JSON; "
        f"at most {MAX_ENDPOINT_BYTES}"
    )
    assert sender.batches == [["ep-fits"]]


def _of_user(i: int, user: str, channel: models.ChannelType) -> models.EndpointBatchItem:
    return models.EndpointBatchItem(
        id=f"ep-{i}", channel_type=channel, address=f"a{i}", user=models.EndpointUser(user_id=user)
    )


def test_a_users_16th_endpoint_in_the_load_fails_alone() -> None:
    email = models.ChannelType.EMAIL
    items = [_of_user(i, "u-1", email) for i in range(16)]
    items += [_of_user(3, "u-1", email)]  # a rewrite of one it has: not a new one
    items += [_of_user(100 + i, f"other-{i}", email) for i in range(3)]
    result = put_endpoints(Recorder(), items)
    assert [f.index for f in result.failed] == [15]
    assert result.failed[0].reason == (
        "User.UserId: this user would have more than 15 endpoints "
        "(only a push endpoint replaces the user's oldest push one)"
    )


def test_a_users_16th_push_endpoint_replaces_a_push_one_as_the_service_does() -> None:
    gcm, email = models.ChannelType.GCM, models.ChannelType.EMAIL
    items = [_of_user(i, "u-1", gcm) for i in range(16)]  # each 16th replaces the oldest
    items += [_of_user(16, "u-1", email)]  # still 15: an email endpoint replaces nothing
    result = put_endpoints(Recorder(), items)
    assert [f.index for f in result.failed] == [16]


def test_an_endpoint_that_moves_to_another_user_frees_its_place() -> None:
    email = models.ChannelType.EMAIL
    items = [_of_user(i, "u-1", email) for i in range(15)]
    items += [_of_user(0, "u-2", email), _of_user(15, "u-1", email)]
    assert put_endpoints(Recorder(), items).ok


def test_users_tracked_are_bounded_and_a_forgotten_one_is_never_refused_wrongly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_bulk, "TRACKED_USERS", 2)
    email = models.ChannelType.EMAIL
    items = [_of_user(i, "u-1", email) for i in range(10)]
    items += [_of_user(100 + i, f"other-{i}", email) for i in range(2)]  # u-1 is forgotten
    items += [_of_user(10 + i, "u-1", email) for i in range(10)]  # 20 in all: not known here
    items += [_of_user(30 + i, "u-1", email) for i in range(6)]  # the 16th since it came back
    result = put_endpoints(Recorder(), items)
    assert [f.index for f in result.failed] == [len(items) - 1]


# -- progress bars -------------------------------------------------------------------------


def test_the_progress_bar_has_a_total_when_the_input_has_a_length(
    capsys: pytest.CaptureFixture[str],
) -> None:
    put_endpoints(Recorder(), [_endpoint(i) for i in range(230)], progress=True)
    assert "230/230" in capsys.readouterr().err


def test_the_progress_bar_has_no_total_for_a_generator(
    capsys: pytest.CaptureFixture[str],
) -> None:
    put_endpoints(Recorder(), (_endpoint(i) for i in range(230)), progress=True)
    bar = capsys.readouterr().err
    assert "230endpoint" in bar
    assert "/230" not in bar


@pytest.mark.parametrize("seed", range(5))
def test_under_random_failures_every_id_is_written_in_input_order_and_accounted_for(
    seed: int,
) -> None:
    # 600 writes of 60 Ids in batches of 10, each batch applied, refused, or applied with its
    # answer lost, at random: what each Id receives must come in input order.
    rng = random.Random(seed)
    ids = [rng.randrange(60) for _ in range(600)]
    items = [_versioned(i, str(n)) for n, i in enumerate(ids)]
    applied: dict[str, list[int]] = {}
    lost: set[int] = set()
    lock = threading.Lock()

    def send(batch: list[dict[str, Any]]) -> None:
        with lock:
            outcome = rng.choice(["ok", "ok", "refused", "lost"])
            if outcome != "refused":
                for item in batch:
                    applied.setdefault(item["Id"], []).append(int(item["Attributes"]["version"][0]))
            if outcome == "lost":
                lost.update(int(item["Attributes"]["version"][0]) for item in batch)
        if outcome == "refused":
            raise service_error("BadRequestException", 400)
        if outcome == "lost":
            raise ConnectionClosedError(endpoint_url="http://pinpoint")

    result = put_endpoints(send, items, batch_size=10, max_workers=4)

    assert result.accepted + len(result.failed) == len(items)
    assert all(writes == sorted(writes) for writes in applied.values())
    assert {f.index for f in result.uncertain} == lost
    assert sum(len(w) for w in applied.values()) == result.accepted + len(lost)
