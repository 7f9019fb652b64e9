"""Start and stop the emulator as a real process (integration tests, demo, benchmarks)."""

import json
import os
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Emulator:
    # An ssl.SSLContext that trusts the emulator's certificate when it serves HTTPS (--tls-cert).
    ssl_context = None

    def __init__(self, extra_args=(), env=None):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.emulator", "--host", "127.0.0.1", "--port", "0", "--control", "--quiet"]
            + list(extra_args),
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        line = self.proc.stdout.readline().strip()
        if not line.startswith("http"):
            self.proc.kill()
            raise RuntimeError("emulator did not start: %s %s" % (line, self.proc.stderr.read()))
        self.url = line
        self._wait_ready()

    def _wait_ready(self):
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                self.control("GET", "requests")
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("emulator at %s never answered" % self.url)

    def control(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + "/_emulator/" + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10, context=self.ssl_context) as resp:
            return json.loads(resp.read() or b"null")

    def reset(self):
        return self.control("POST", "reset")

    def requests(self):
        return self.control("GET", "requests")["requests"]

    def clear_requests(self):
        return self.control("POST", "requests/clear")

    def writes(self):
        return [r for r in self.requests() if r["method"] not in ("GET", "HEAD", "OPTIONS")]

    def fault(self, **spec):
        return self.control("POST", "faults", spec)

    def settings(self, **values):
        return self.control("POST", "settings", values)

    def api(self, method, path, body=None, user="admin", password="admin", headers=None):
        """A call as a product client would make it (basic auth), for verifying state."""
        import base64

        data = None if body is None else json.dumps(body).encode()
        hdrs = {"Content-Type": "application/json",
                "Authorization": "Basic " + base64.b64encode(("%s:%s" % (user, password)).encode()).decode()}
        hdrs.update(headers or {})
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=30, context=self.ssl_context) as resp:
                raw = resp.read()
                return resp.status, (json.loads(raw) if raw else None)
        except urllib.error.HTTPError as err:
            raw = err.read()
            try:
                return err.code, json.loads(raw)
            except ValueError:
                return err.code, raw.decode("utf-8", "replace")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
