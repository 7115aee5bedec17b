"""Headless Chromium (Debian's package) driven over the DevTools protocol, for the viewer's tests
and benchmark.

Every request the page makes is intercepted: ``file:``, ``data:``, ``blob:`` and ``about:``
URLs and the allowed origins go through, anything else is failed and recorded in
``outside_requests``, so a test can assert the page is offline. Console errors, uncaught
exceptions, log errors (CSP violations among them) and JavaScript dialogs are recorded too;
dialogs are dismissed so a payload cannot block the page.

>>> BrowserError("x").args
('x',)
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1400,900",
]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:", "devtools:", "chrome:", "chrome-error:")


class BrowserError(RuntimeError):
    """Chromium cannot start, or the page did not do what was awaited in time."""


def chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    raise BrowserError("Chromium is not installed (Debian: apt-get install chromium)")


class Page:
    """One tab, over its DevTools websocket."""

    def __init__(self, ws_url: str, allowed_origins: tuple[str, ...] = (), on_close: Any = None) -> None:
        import websocket  # websocket-client, the endpoint's browser helper uses it too

        self._ws = websocket.create_connection(ws_url, timeout=20, suppress_origin=True)
        self._timeout_error = websocket.WebSocketTimeoutException
        self._on_close = on_close
        self._ids = itertools.count(1)
        self.allowed_origins = allowed_origins
        self.requests: list[str] = []
        self.outside_requests: list[str] = []
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        self._loaded = False
        for method in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
            self.send(method)
        self.send("Fetch.enable", patterns=[{"urlPattern": "*"}])
        self.send("Emulation.setDeviceMetricsOverride", width=1400, height=900, deviceScaleFactor=1, mobile=False)
        # behave as the focused tab even when it is not, so focus() and typing reach the page
        self.send("Emulation.setFocusEmulationEnabled", enabled=True)
        self.send("Page.bringToFront")

    # ------------------------------------------------------------------ protocol

    def send(self, method: str, timeout: float = 60.0, **params: Any) -> dict[str, Any]:
        call_id = next(self._ids)
        self._ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            message = self._receive(deadline - time.monotonic())
            if message is None:
                raise BrowserError(f"{method}: no answer in {timeout} s")
            if message.get("id") == call_id:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    def _receive(self, timeout: float) -> dict[str, Any] | None:
        if timeout <= 0:
            return None
        self._ws.settimeout(timeout)
        try:
            raw = self._ws.recv()
        except (TimeoutError, self._timeout_error):
            return None
        message: dict[str, Any] = json.loads(raw)
        if "method" in message:
            self._event(message["method"], message.get("params", {}))
        return message

    def _allowed(self, url: str) -> bool:
        return url.startswith(LOCAL_SCHEMES) or any(url.startswith(o) for o in self.allowed_origins)

    def _event(self, method: str, params: dict[str, Any]) -> None:
        if method == "Fetch.requestPaused":
            url = params["request"]["url"]
            if self._allowed(url):
                self._post("Fetch.continueRequest", requestId=params["requestId"])
            else:
                self.outside_requests.append(url)
                self._post("Fetch.failRequest", requestId=params["requestId"], errorReason="BlockedByClient")
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            self.requests.append(url)
            if not self._allowed(url) and url not in self.outside_requests:
                self.outside_requests.append(url)
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.console_errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params["args"]))
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.console_errors.append(str(details.get("exception", {}).get("description", details.get("text"))))
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            self.console_errors.append(f"{params['entry'].get('source')}: {params['entry'].get('text')}")
        elif method == "Page.javascriptDialogOpening":
            self.dialogs.append(f"{params.get('type')}: {params.get('message')}")
            self._post("Page.handleJavaScriptDialog", accept=False)
        elif method == "Page.loadEventFired":
            self._loaded = True

    def _post(self, method: str, **params: Any) -> None:
        """A command whose answer is not awaited (sent from inside event handling)."""
        self._ws.send(json.dumps({"id": next(self._ids), "method": method, "params": params}))

    # ------------------------------------------------------------------ page actions

    def goto(self, url: str, timeout: float = 60.0) -> None:
        self._loaded = False
        self.send("Page.navigate", url=url)
        deadline = time.monotonic() + timeout
        while not self._loaded:
            if self._receive(deadline - time.monotonic()) is None:
                raise BrowserError(f"{url}: not loaded in {timeout} s")

    def evaluate(self, expression: str, timeout: float = 60.0) -> Any:
        """The value of a JavaScript expression (promises are awaited)."""
        result = self.send(
            "Runtime.evaluate", timeout=timeout, expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression[:80]}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30.0, interval: float = 0.05) -> Any:
        """Poll until ``expression`` is truthy; returns its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"waited {timeout} s for: {expression}")
            self._receive(interval)

    def pump(self, seconds: float) -> None:
        """Handle events for ``seconds`` (lets the page run and its requests be answered)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._receive(deadline - time.monotonic())

    def type_text(self, text: str) -> None:
        self.send("Input.insertText", text=text)

    def mouse(self, kind: str, x: float, y: float, clicks: int = 1) -> None:
        self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=clicks)

    def click(self, x: float, y: float, clicks: int = 1) -> None:
        for n in range(1, clicks + 1):
            self.mouse("mousePressed", x, y, n)
            self.mouse("mouseReleased", x, y, n)

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        """Close the connection and the tab."""
        self._ws.close()
        if self._on_close is not None:
            self._on_close()


class Chromium:
    """A headless Chromium process with a fresh profile; :meth:`page` opens a tab."""

    def __init__(self, executable: str | None = None) -> None:
        self.executable = executable
        self._process: subprocess.Popen[bytes] | None = None
        self._log: Any = None
        self._profile: str | None = None
        self.port = 0

    def start(self, timeout: float = 30.0) -> Chromium:
        executable = self.executable or chromium_path()
        self._profile = tempfile.mkdtemp(prefix="kg-chromium-")
        command = [executable, *FLAGS, f"--user-data-dir={self._profile}", "--remote-debugging-port=0", "about:blank"]
        # a file, not a pipe: Chromium's chatter cannot fill it up and block it
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop())
        try:
            self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=self._log)
        except OSError as exc:
            raise BrowserError(f"cannot start {executable}: {exc}") from exc
        port_file = Path(self._profile) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not port_file.is_file() or not port_file.read_text().strip():
            if self._process.poll() is not None:
                code = self._process.returncode
                self._log.seek(0)
                err = self._log.read().decode(errors="replace")[-2000:]
                self.stop()
                raise BrowserError(f"Chromium exited at start (code {code}): {err}")
            if time.monotonic() > deadline:
                self.stop()
                raise BrowserError(f"Chromium did not open its DevTools port in {timeout} s")
            time.sleep(0.05)
        self.port = int(port_file.read_text().splitlines()[0])
        return self

    def page(self, allowed_origins: tuple[str, ...] = ()) -> Page:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/json/new?about:blank", method="PUT")
        with urllib.request.urlopen(request, timeout=20) as answer:
            target = json.loads(answer.read())
        target_id = target["id"]

        def close_tab() -> None:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/close/{target_id}", timeout=20):
                pass

        return Page(target["webSocketDebuggerUrl"], allowed_origins, on_close=close_tab)

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None
        self._process = None
        if self._profile:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None


@contextmanager
def chromium() -> Iterator[Chromium]:
    """A started browser, stopped on exit."""
    browser = Chromium().start()
    try:
        yield browser
    finally:
        browser.stop()
