"""Asynchronous jobs as the products run them: answer a token at once, do the work shortly after
in the background, report progress until done, then forget the job after a while."""

import threading
import time
import uuid

JOB = "job"


def start(app, kind, work, delay=None):
    """Run ``work(store) -> (message, errorMessage)`` in the background; return the token."""
    store = app.config["STORE"]
    delay = app.config["SETTINGS"]["job_delay"] if delay is None else delay
    token = "%016d-%s-0001" % (int(time.time() * 1000), uuid.uuid4().hex[:12])
    job = store.insert(JOB, {"token": token, "type": kind, "progress": 0.0, "message": "", "errorMessage": "",
                             "started": time.time(), "finished": None}, ref=token)

    def run():
        if delay:
            time.sleep(delay)
        with store:
            current = store.get(JOB, job["id"])
            if current is None:
                return
            try:
                message, error = work(store)
            except Exception as exc:  # a failed job reports, it does not crash the server
                message, error = "", "job failed: %s" % exc
            current.update({"progress": 1.0, "message": message or "", "errorMessage": error or "",
                            "finished": time.time()})
            store.update(JOB, current)

    if delay:
        threading.Thread(target=run, daemon=True).start()
    else:
        run()
    return token


def progress(app, token):
    """The job's progress document, or None when unknown or expired."""
    store = app.config["STORE"]
    job = store.find_one(JOB, ref=token)
    if not job:
        return None
    keep = app.config["SETTINGS"]["job_expiry"]
    if job["finished"] and time.time() - job["finished"] > keep:
        store.delete(JOB, job["id"])
        return None
    elapsed = int(time.time() - job["started"])
    return {"timeTaken": "%d min, %d sec" % (elapsed // 60, elapsed % 60), "stepMessage": "", "summaryMessage": "",
            "errorMessage": job["errorMessage"], "progress": job["progress"], "message": job["message"],
            "stepLabel": "", "stepMessages": []}
