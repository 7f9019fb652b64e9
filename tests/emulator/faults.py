"""Fault injection and the request log, as WSGI middleware around the whole emulator.

A fault answers the next ``count`` matching requests with a status (and Retry-After), a delay,
or a dropped connection, before the products see them. Control paths are never faulted or logged.
"""

import json
import socket
import threading
import time

CONTROL = "/_emulator/"


class FaultMiddleware:
    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.faults = []
        self.log = []

    # -- control side ----------------------------------------------------------------------------
    def add(self, spec):
        fault = {
            "status": spec.get("status"),
            "count": int(spec.get("count", 1)),
            "retry_after": spec.get("retry_after"),
            "delay": float(spec.get("delay") or 0),
            "drop": bool(spec.get("drop")),
            "path": spec.get("path") or "",
            "method": (spec.get("method") or "").upper(),
        }
        with self.lock:
            self.faults.append(fault)
        return fault

    def clear_faults(self):
        with self.lock:
            self.faults = []

    def requests(self):
        with self.lock:
            return list(self.log)

    def clear_log(self):
        with self.lock:
            self.log = []

    def _take(self, method, path):
        with self.lock:
            for fault in self.faults:
                if fault["count"] > 0 and path.startswith(fault["path"]) and (
                        not fault["method"] or fault["method"] == method):
                    fault["count"] -= 1
                    if fault["count"] == 0:
                        self.faults.remove(fault)
                    return dict(fault)
        return None

    def _record(self, method, path, query, status):
        with self.lock:
            self.log.append({"method": method, "path": path, "query": query, "status": status, "ts": time.time()})

    # -- WSGI ------------------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(CONTROL):
            return self.app(environ, start_response)
        method = environ.get("REQUEST_METHOD", "GET")
        query = environ.get("QUERY_STRING", "")
        fault = self._take(method, path)
        if fault:
            if fault["delay"]:
                time.sleep(fault["delay"])
            if fault["drop"]:
                self._record(method, path, query, 0)
                return self._drop(environ, start_response)
            if fault["status"]:
                self._record(method, path, query, int(fault["status"]))
                return self._answer(fault, start_response)
        seen = {}

        def recording_start(status, headers, exc_info=None):
            seen["status"] = int(status.split(" ", 1)[0])
            return start_response(status, headers, exc_info)

        result = self.app(environ, recording_start)
        self._record(method, path, query, seen.get("status", 0))
        return result

    @staticmethod
    def _answer(fault, start_response):
        status = int(fault["status"])
        body = json.dumps({"error": "emulated fault: HTTP %d" % status}).encode()
        headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        if fault.get("retry_after") is not None:
            headers.append(("Retry-After", str(fault["retry_after"])))
        reasons = {429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
                   503: "Service Unavailable", 504: "Gateway Timeout"}
        start_response("%d %s" % (status, reasons.get(status, "Error")), headers)
        return [body]

    @staticmethod
    def _drop(environ, start_response):
        sock = environ.get("werkzeug.socket")
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        start_response("500 Dropped", [("Content-Length", "0")])
        return [b""]
