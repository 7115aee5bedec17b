"""Headless Chromium (Debian's ``chromium`` package) driven over the Chrome DevTools Protocol with
websocket-client, for the page tests and the viewer benchmark: no driver binary to match, nothing
downloaded.

:class:`Chromium` is one process with a fresh profile; :meth:`Chromium.page` opens a tab, a
:class:`Page`. Every request a page makes is intercepted: local URLs (``file:``, ``data:``,
``blob:``, ``about:`` …) and the allowed origins go through, anything else is failed and listed in
``outside_requests``, so a test can assert that the page works offline. Console errors, uncaught
exceptions and log errors (CSP violations among them) are listed in ``console_errors``; JavaScript
dialogs are dismissed, so a payload cannot block the page, and listed in ``dialogs``::

    with Chromium() as browser:
        page = browser.page(allowed_origins=("http://127.0.0.1:8000",))
        page.goto("http://127.0.0.1:8000/")
        page.wait_for_selector("#results table")
        page.pump(0.5)
        assert page.outside_requests == [] and page.console_errors == []
        page.screenshot(Path("page.png"))

A browser that cannot start raises :class:`BrowserError`; the fixtures turn it into a failure.

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
from collections.abc import Callable
from pathlib import Path
from typing import Any

WIDTH, HEIGHT = 1400, 900
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
    "--disable-dev-shm-usage",
    "--mute-audio",
    f"--window-size={WIDTH},{HEIGHT}",
)
KEYS = {"Enter": 13, "Escape": 27, "Tab": 9, "Backspace": 8, "ArrowUp": 38, "ArrowDown": 40}  # Windows key codes
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:", "devtools:", "chrome:", "chrome-error:")


class BrowserError(RuntimeError):
    """Chromium cannot start, or the page did not do what was awaited in time (with what it logged)."""


def chromium_path() -> str:
    """``$KG_CHROMIUM`` when set, else Debian's ``/usr/bin/chromium``, else ``chromium`` on the PATH."""
    configured = os.environ.get("KG_CHROMIUM")
    for candidate in [configured] if configured else ["/usr/bin/chromium", shutil.which("chromium")]:
        if candidate and Path(candidate).is_file():
            return candidate
    raise BrowserError(f"Chromium is not at {configured or '/usr/bin/chromium'} (Debian: apt-get install chromium)")


class Page:
    """One tab, over its DevTools websocket (open one with :meth:`Chromium.page`)."""

    def __init__(self, connection: Any, allowed_origins: tuple[str, ...], on_close: Callable[[], None]) -> None:
        self._ws = connection
        self._on_close = on_close
        self._ids = itertools.count(1)
        self._loaded = False
        self.allowed_origins = tuple(origin.rstrip("/") + "/" for origin in allowed_origins)
        self.requests: list[str] = []
        self.outside_requests: list[str] = []
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []

    def _enable(self) -> Page:
        for method in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
            self.send(method)
        self.send("Fetch.enable", patterns=[{"urlPattern": "*"}])
        self.send("Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT, deviceScaleFactor=1, mobile=False)
        # behave as the focused tab even when it is not, so focus() and typing reach the page
        self.send("Emulation.setFocusEmulationEnabled", enabled=True)
        self.send("Page.bringToFront")
        return self

    # ------------------------------------------------------------------ protocol

    def send(self, method: str, timeout: float = 60.0, **params: Any) -> dict[str, Any]:
        """Call a DevTools method and return its result (events met meanwhile are handled)."""
        call_id = next(self._ids)
        self._ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            message = self._receive(deadline - time.monotonic())
            if message is None:
                raise BrowserError(f"{method}: no answer in {timeout} s")
            if message.get("id") == call_id:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error'].get('message', message['error'])}")
                result: dict[str, Any] = message.get("result", {})
                return result

    def _receive(self, timeout: float) -> dict[str, Any] | None:
        """The next message within ``timeout`` seconds, its event handled; None when none came."""
        import websocket  # websocket-client

        if timeout <= 0:
            return None
        self._ws.settimeout(timeout)
        try:
            raw = self._ws.recv()
        except (TimeoutError, websocket.WebSocketTimeoutException):
            return None
        except websocket.WebSocketException as exc:
            raise BrowserError(f"the DevTools connection failed: {exc}; console errors: {self.console_errors}") from exc
        message: dict[str, Any] = json.loads(raw)
        if "method" in message:
            self._event(message["method"], message.get("params", {}))
        return message

    def _allowed(self, url: str) -> bool:
        return url.startswith(LOCAL_SCHEMES) or url.startswith(self.allowed_origins)

    def _outside(self, url: str) -> None:
        if url not in self.outside_requests:
            self.outside_requests.append(url)

    def _event(self, method: str, params: dict[str, Any]) -> None:
        if method == "Fetch.requestPaused":
            url = params["request"]["url"]
            if self._allowed(url):
                self._post("Fetch.continueRequest", requestId=params["requestId"])
            else:
                self._outside(url)
                self._post("Fetch.failRequest", requestId=params["requestId"], errorReason="BlockedByClient")
        elif method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            self.requests.append(url)
            if not self._allowed(url):
                self._outside(url)
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            self.console_errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params["args"]))
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.console_errors.append(str(details.get("exception", {}).get("description", details.get("text"))))
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            entry = params["entry"]
            self.console_errors.append(f"{entry.get('source')}: {entry.get('url', '')}: {entry.get('text')}")
        elif method == "Page.javascriptDialogOpening":
            self.dialogs.append(f"{params.get('type')}: {params.get('message')}")
            self._post("Page.handleJavaScriptDialog", accept=False)
        elif method == "Page.loadEventFired":
            self._loaded = True

    def _post(self, method: str, **params: Any) -> None:
        """A command whose answer is not awaited (sent from inside event handling)."""
        self._ws.send(json.dumps({"id": next(self._ids), "method": method, "params": params}))

    # ------------------------------------------------------------------ reading the page

    def goto(self, url: str, timeout: float = 60.0) -> None:
        """Navigate to ``url`` and wait until the document has loaded."""
        self._loaded = False
        navigation = self.send("Page.navigate", url=url)
        if navigation.get("errorText"):
            raise BrowserError(f"{url}: {navigation['errorText']}")
        deadline = time.monotonic() + timeout
        while not self._loaded:
            if self._receive(deadline - time.monotonic()) is None:
                raise BrowserError(f"{url}: not loaded in {timeout} s; console errors: {self.console_errors}")
        # a late load event of the first about:blank must not pass for this one
        self.wait_for("document.readyState === 'complete' && location.href !== 'about:blank'", timeout)

    def evaluate(self, expression: str, timeout: float = 60.0) -> Any:
        """The value of a JavaScript expression (promises are awaited)."""
        result = self.send(
            "Runtime.evaluate", timeout=timeout, expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            thrown = details.get("exception", {}).get("description", details.get("text"))
            raise BrowserError(f"{expression[:80]!r} threw {thrown}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30.0, interval: float = 0.05) -> Any:
        """Poll a JavaScript expression until it is truthy; returns its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"waited {timeout} s for {expression!r}; console errors: {self.console_errors}")
            self.pump(interval)

    def wait_for_selector(self, selector: str, timeout: float = 30.0) -> None:
        """Wait until an element matches the CSS ``selector``."""
        self.wait_for(f"!!document.querySelector({json.dumps(selector)})", timeout)

    def texts(self, selector: str) -> list[str]:
        """The text of every element matching the CSS ``selector``."""
        value = self.evaluate(f"Array.from(document.querySelectorAll({json.dumps(selector)}), e => e.textContent)")
        return list(value or [])

    def pump(self, seconds: float) -> None:
        """Handle events for ``seconds``: the page runs, its requests are answered and recorded."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._receive(deadline - time.monotonic())

    def screenshot(self, path: Path) -> Path:
        """A PNG of the page as it is now."""
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    # ------------------------------------------------------------------ input

    def click(self, selector: str) -> None:
        """Click the element matching the CSS ``selector`` once it exists (a DOM click, no mouse)."""
        self.wait_for_selector(selector)
        self.evaluate(f"document.querySelector({json.dumps(selector)}).click()")

    def click_at(self, x: float, y: float, clicks: int = 1) -> None:
        """Press and release the mouse at page coordinates, ``clicks`` times in a row (2: a double click)."""
        for n in range(1, clicks + 1):
            self._mouse("mousePressed", x, y, n)
            self._mouse("mouseReleased", x, y, n)

    def hover(self, x: float, y: float) -> None:
        """Move the mouse to page coordinates."""
        self._mouse("mouseMoved", x, y)

    def _mouse(self, kind: str, x: float, y: float, clicks: int = 1) -> None:
        self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=clicks)

    def type_text(self, text: str) -> None:
        """Type ``text`` into the focused element."""
        self.send("Input.insertText", text=text)

    def press(self, key: str) -> None:
        """Press and release a named key of :data:`KEYS`, e.g. ``press("Enter")``."""
        for kind in ("keyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", type=kind, key=key, code=key, windowsVirtualKeyCode=KEYS[key])

    def close(self) -> None:
        """Close the connection and the tab."""
        self._ws.close()
        self._on_close()


class Chromium:
    """A headless Chromium process with a fresh profile; :meth:`page` opens a tab."""

    def __init__(self, executable: str | None = None) -> None:
        self.executable = executable
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._log: Any = None
        self._profile: str | None = None

    def start(self, timeout: float = 30.0) -> Chromium:
        """Launch Chromium and wait for its DevTools port; :class:`BrowserError` when it will not start."""
        executable = self.executable or chromium_path()
        self._profile = tempfile.mkdtemp(prefix="kg-chromium-")
        command = [executable, *FLAGS, f"--user-data-dir={self._profile}", "--remote-debugging-port=0", "about:blank"]
        # a file, not a pipe: Chromium's chatter cannot fill it up and block it
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop())
        try:
            self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=self._log)
        except OSError as exc:
            self.stop()
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
        """A new tab that lets through local URLs and ``allowed_origins`` (``scheme://host:port``)."""
        import websocket  # websocket-client

        try:
            request = urllib.request.Request(f"http://127.0.0.1:{self.port}/json/new?about:blank", method="PUT")
            with urllib.request.urlopen(request, timeout=20) as answer:
                target = json.loads(answer.read())
            connection = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=20, suppress_origin=True)
        except (OSError, websocket.WebSocketException) as exc:
            raise BrowserError(f"cannot open a tab over DevTools port {self.port}: {exc}") from exc

        def close_tab() -> None:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/close/{target['id']}", timeout=20):
                pass

        return Page(connection, allowed_origins, on_close=close_tab)._enable()

    def stop(self) -> None:
        """Stop the process and remove its profile."""
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
        self._process = None
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._profile:
            shutil.rmtree(self._profile, ignore_errors=True)
            self._profile = None

    def __enter__(self) -> Chromium:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
