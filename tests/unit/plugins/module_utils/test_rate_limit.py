"""The sliding-window limiter, on a fake clock: no real sleeping."""

import json
import multiprocessing
import os

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils.rate_limit import (
    WINDOW_MARGIN,
    XRAY_CLOUD_BUDGET,
    FileStamps,
    MemoryStamps,
    RateLimiter,
    parse_budget,
    xray_cloud_limiter,
)


class FakeClock:
    def __init__(self, now=1000.0):
        self.now = now
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def limiter(limit, window, clock, stamps=None):
    return RateLimiter(limit, window, stamps=stamps, clock=clock, sleep=clock.sleep)


def sent_in_any_window(times, window):
    """The most requests found in any half-open interval of ``window`` seconds."""
    times = sorted(times)
    return max(sum(1 for t in times[i:] if t < start + window) for i, start in enumerate(times))


def test_a_burst_up_to_the_limit_does_not_wait():
    clock = FakeClock()
    rl = limiter(5, 10, clock)
    assert [rl.acquire() for _attempt in range(5)] == [0.0] * 5
    assert clock.sleeps == []


def test_the_request_over_the_limit_waits_for_the_oldest_to_leave_the_window():
    clock = FakeClock()
    rl = limiter(3, 10, clock)
    for step in range(3):
        rl.acquire()
        clock.now += 1  # sent at 1000, 1001, 1002
    assert clock.now == 1003
    waited = rl.acquire()
    assert waited == pytest.approx(7.0)  # the one from 1000 leaves at 1010
    assert clock.now == pytest.approx(1010.0)


def test_a_long_run_never_exceeds_the_budget_in_any_window():
    clock = FakeClock()
    rl = limiter(*XRAY_CLOUD_BUDGET, clock=clock)
    sent = []
    for _attempt in range(1000):
        rl.acquire()
        sent.append(clock.now)
        clock.now += 0.05  # a fast client: 20 requests a second
    assert sent_in_any_window(sent, XRAY_CLOUD_BUDGET[1]) <= XRAY_CLOUD_BUDGET[0]
    # and it is not needlessly slow: 1000 requests need just over three full windows
    assert sent[-1] - sent[0] < 3 * XRAY_CLOUD_BUDGET[1] + 60
    assert rl.waited == pytest.approx(sum(clock.sleeps))


def test_a_slow_client_is_never_held_back():
    clock = FakeClock()
    rl = limiter(300, 300, clock)
    for _attempt in range(2000):
        assert rl.acquire() == 0.0
        clock.now += 1.5  # 200 requests per 300 s: under the budget
    assert clock.sleeps == []


def test_stamps_from_the_future_do_not_block():
    clock = FakeClock()
    stamps = MemoryStamps()
    stamps.stamps.extend([clock.now + 5000.0] * 3)  # wall clock was set back
    rl = limiter(3, 10, clock, stamps=stamps)
    assert rl.acquire() == 0.0


def test_bad_limits_are_refused():
    with pytest.raises(ValueError):
        RateLimiter(0, 10)
    with pytest.raises(ValueError):
        RateLimiter(5, 0)


def test_processes_share_the_window_through_the_file(tmp_path):
    path = str(tmp_path / "window.json")
    clock = FakeClock()
    first = limiter(4, 60, clock, stamps=FileStamps(path))
    second = limiter(4, 60, clock, stamps=FileStamps(path))  # another task's process
    first.acquire()
    first.acquire()
    second.acquire()
    second.acquire()
    assert clock.sleeps == []
    assert os.stat(path).st_mode & 0o777 == 0o600
    with open(path) as handle:
        assert json.load(handle) == [1000.0] * 4
    assert second.acquire() == pytest.approx(60.0)
    assert first.acquire() == pytest.approx(0.0)  # the whole first window left at 1060


def test_a_torn_file_costs_only_the_history(tmp_path):
    path = tmp_path / "window.json"
    path.write_text("[1000.0, 10")
    clock = FakeClock()
    assert limiter(1, 60, clock, stamps=FileStamps(str(path))).acquire() == 0.0


def test_an_unusable_file_falls_back_to_pacing_alone(tmp_path):
    target = tmp_path / "elsewhere.json"
    target.write_text("[]")
    link = tmp_path / "planted.json"
    link.symlink_to(target)  # O_NOFOLLOW refuses a planted link
    clock = FakeClock()
    rl = limiter(2, 60, clock, stamps=FileStamps(str(link)))
    rl.acquire()
    rl.acquire()
    assert isinstance(rl.stamps, MemoryStamps)
    assert rl.acquire() == pytest.approx(60.0)
    assert target.read_text() == "[]"


def _take_slots(path, count, queue):
    rl = RateLimiter(1000, 60, stamps=FileStamps(path))
    for _attempt in range(count):
        rl.acquire()
    queue.put(rl.waited)


def test_concurrent_processes_do_not_lose_slots(tmp_path):
    path = str(tmp_path / "window.json")
    queue = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_take_slots, args=(path, 50, queue)) for _attempt in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert [queue.get(timeout=5) for _worker in workers] == [0.0] * 4
    with open(path) as handle:
        assert len(json.load(handle)) == 200  # the lock kept every read-modify-write whole


def test_budget_from_the_environment():
    assert parse_budget("1000/300") == (1000, 300.0)
    assert parse_budget("500") == (500, 300.0)
    assert parse_budget("off") is None and parse_budget("0") is None
    for bad in ("fast", "10/x", "-1/300", "5/0"):
        with pytest.raises(ValueError) as err:
            parse_budget(bad)
        assert "REQUESTS/SECONDS" in str(err.value) or "at least 1" in str(err.value)


def test_xray_cloud_default_is_the_standard_tier_with_a_margin(tmp_path):
    rl = xray_cloud_limiter("https://xray.cloud.getxray.app", "id-1", environ={}, directory=str(tmp_path))
    assert (rl.limit, rl.window) == (300, 300.0 + WINDOW_MARGIN)
    enterprise = xray_cloud_limiter("https://xray.cloud.getxray.app", "id-1",
                                    environ={"XRAY_CLOUD_RATE_LIMIT": "1000/300"}, directory=str(tmp_path))
    assert enterprise.limit == 1000
    assert xray_cloud_limiter("u", "id", environ={"XRAY_CLOUD_RATE_LIMIT": "off"}) is None


def test_each_instance_and_key_has_its_own_window(tmp_path):
    one = xray_cloud_limiter("https://eu.xray.cloud.getxray.app", "id-1", environ={}, directory=str(tmp_path))
    other = xray_cloud_limiter("https://eu.xray.cloud.getxray.app", "id-2", environ={}, directory=str(tmp_path))
    same = xray_cloud_limiter("https://eu.xray.cloud.getxray.app", "id-1", environ={}, directory=str(tmp_path))
    assert one.stamps.path == same.stamps.path != other.stamps.path
    assert "id-1" not in one.stamps.path  # the key is hashed into the name
