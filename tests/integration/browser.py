"""Headless Chromium driven over the Chrome DevTools Protocol, for page tests.

Debian's ``chromium`` package and a small websocket client (``websocket-client``): no driver
binary to match, nothing downloaded. One page per :class:`Browser`; it records every network
request the page makes and every console error or uncaught exception, so a test can assert that
a page loads only from its own server and runs cleanly::

    with Browser() as browser:
        browser.open("http://127.0.0.1:8000/")
        browser.wait_for("#results table")
        assert browser.outside_requests("http://127.0.0.1:8000") == []
        assert browser.console_errors == []
        browser.screenshot(Path("page.png"))

A browser that cannot start raises :class:`BrowserError`; fixtures turn it into a failure.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
)
LOCAL_SCHEMES = ("data:", "blob:", "about:", "chrome-error:")


class BrowserError(RuntimeError):
    """Chromium would not start, or the page did not do what was awaited (with what it logged)."""


@dataclass(frozen=True)
class NetworkRequest:
    url: str
    method: str
    resource_type: str


class Browser:
    """One headless Chromium with one page (a fresh profile each time)."""

    def __init__(self, executable: str = CHROMIUM, width: int = 1280, height: int = 900, timeout: float = 30) -> None:
        self.executable = executable
        self.size = (width, height)
        self.timeout = timeout
        self.requests: list[NetworkRequest] = []
        self.console_errors: list[str] = []
        self.console: list[str] = []
        self._ids = itertools.count(1)
        self._process: subprocess.Popen[bytes] | None = None
        self._profile: str | None = None
        self._socket: Any = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> Browser:
        import websocket  # websocket-client

        if not Path(self.executable).is_file():
            raise BrowserError(f"{self.executable} is missing (Debian: apt-get install chromium)")
        self._profile = tempfile.mkdtemp(prefix="kg-chromium-")
        command = [
            self.executable,
            *FLAGS,
            f"--user-data-dir={self._profile}",
            "--remote-debugging-port=0",
            f"--window-size={self.size[0]},{self.size[1]}",
            "about:blank",
        ]
        self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        port_file = Path(self._profile) / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while not (port_file.is_file() and port_file.read_text().strip()):
            if self._process.poll() is not None or time.monotonic() > deadline:
                stderr = b""
                if self._process.poll() is not None and self._process.stderr is not None:
                    stderr = self._process.stderr.read()
                self.close()
                raise BrowserError(f"chromium did not start: {stderr.decode(errors='replace')[-2000:]}")
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
            targets = json.load(response)
        page = next((t for t in targets if t.get("type") == "page"), None)
        if page is None:
            self.close()
            raise BrowserError("chromium started without a page")
        self._socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=self.timeout)
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.send(f"{domain}.enable")
        return self

    def close(self) -> None:
        if self._socket is not None:
            with contextlib.suppress(OSError):
                self._socket.close()
            self._socket = None
        if self._process is not None:
            if self._process.poll() is None:
                self._process.terminate()
                try:
                    self._process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self._process.kill()
                    self._process.wait(timeout=10)
            if self._process.stderr is not None:
                self._process.stderr.close()
            self._process = None
        if self._profile is not None:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None

    def __enter__(self) -> Browser:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ protocol

    def _record(self, message: dict[str, Any]) -> None:
        method, params = message.get("method"), message.get("params", {})
        if method == "Network.requestWillBeSent":
            request = params["request"]
            self.requests.append(NetworkRequest(request["url"], request["method"], params.get("type", "")))
        elif method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            self.console.append(f"{params['type']}: {text}")
            if params["type"] in ("error", "assert"):
                self.console_errors.append(text)
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.console_errors.append(details.get("exception", {}).get("description") or details.get("text", ""))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            self.console_errors.append(f"{params['entry'].get('url', '')}: {params['entry']['text']}")

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        """Call a DevTools method and return its result (events met meanwhile are recorded)."""
        if self._socket is None:
            raise BrowserError("the browser is not started")
        ident = next(self._ids)
        self._socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self._socket.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error'].get('message')}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self._record(message)

    def drain(self, seconds: float = 0.5) -> None:
        """Record the events that arrive within ``seconds`` (call before asserting on them)."""
        import websocket

        if self._socket is None:
            return
        deadline = time.monotonic() + seconds
        try:
            while (left := deadline - time.monotonic()) > 0:
                self._socket.settimeout(left)
                self._record(json.loads(self._socket.recv()))
        except websocket.WebSocketTimeoutException:
            pass
        finally:
            self._socket.settimeout(self.timeout)

    # ------------------------------------------------------------------ page

    def open(self, url: str) -> None:
        """Navigate to ``url`` and wait until the document has loaded."""
        self.send("Page.navigate", url=url)
        self.wait_until("document.readyState === 'complete' && location.href !== 'about:blank'")

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression (promises are awaited)."""
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise BrowserError(f"{expression!r} threw {details.get('exception', {}).get('description', details)}")
        return result["result"].get("value")

    def wait_until(self, expression: str, timeout: float | None = None) -> Any:
        """Poll a JavaScript expression until it is truthy; its value."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out waiting for {expression!r}; console errors: {self.console_errors}")
            time.sleep(0.1)

    def wait_for(self, selector: str, timeout: float | None = None) -> None:
        """Wait until an element matches the CSS ``selector``."""
        self.wait_until(f"!!document.querySelector({json.dumps(selector)})", timeout)

    def click(self, selector: str) -> None:
        self.wait_for(selector)
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")

    def texts(self, selector: str) -> list[str]:
        """The text of every element matching ``selector``."""
        value = self.evaluate(f"Array.from(document.querySelectorAll({json.dumps(selector)}), e => e.textContent)")
        return list(value or [])

    def screenshot(self, path: Path) -> Path:
        """A PNG of the page as it is now."""
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def outside_requests(self, origin: str) -> list[str]:
        """The URLs the page requested from anywhere but ``origin`` (data:, blob: and about: are local)."""
        origin = origin.rstrip("/") + "/"
        return [r.url for r in self.requests if not r.url.startswith(origin) and not r.url.startswith(LOCAL_SCHEMES)]
