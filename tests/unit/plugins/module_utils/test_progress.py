"""The progress reporter: entries, elapsed time, mirroring to a log, copies for the result."""

from ansible_collections.testops.testmgmt.plugins.module_utils.progress import Progress, reporter_of


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def test_entries_carry_time_elapsed_message_and_data_and_go_to_the_log():
    clock, logged = Clock(100.0), []
    progress = Progress(log=logged.append, clock=clock, wall=lambda: 1796083200.5)
    clock.now = 101.234
    entry = progress.note("run 7 is new", kind="run", status="new")
    assert entry == {"kind": "run", "status": "new", "message": "run 7 is new", "seconds": 1.23,
                     "time": "2026-12-01T00:00:00.50Z"}
    assert logged == ["progress: run 7 is new"] and len(progress) == 1


def test_result_is_a_copy_and_clients_without_a_reporter_get_a_detached_one():
    progress = Progress()
    progress.note("one")
    copied = progress.as_result()
    copied[0]["message"] = "changed"
    assert progress.entries[0]["message"] == "one"

    class Bare:
        pass

    detached = reporter_of(Bare())
    detached.note("nobody reads this")
    assert len(detached) == 1 and reporter_of(Bare()) is not detached
    holder = Bare()
    holder.progress = progress
    assert reporter_of(holder) is progress
