#!/usr/bin/env python3
"""Open an HTML report in headless Chromium as a person would and fail if the page has errors.

usage: check_html.py FILE.html EXPECTED_CHARTS SCREENSHOT.png

Drives Chromium over the DevTools protocol (--remote-debugging-pipe, standard library only):
loads the page at 1280x2400, collects every console error, uncaught exception, log error and
failed or non-local request, counts the SVG charts in the live DOM and checks each has a size
and drawn content, saves a screenshot, and checks the screenshot shows the charts' colours."""
import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from png_colors import decode  # noqa: E402


class Browser:
    def __init__(self):
        exe = shutil.which("chromium") or shutil.which("chromium-browser")
        if not exe:
            raise SystemExit("check-html: chromium is not installed")
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def wire():  # in the child: Chromium reads commands on fd 3 and writes replies on fd 4
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.profile = tempfile.mkdtemp()
        self.proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
             "--disable-extensions", "--disable-background-networking", "--remote-debugging-pipe",
             f"--user-data-dir={self.profile}", "about:blank"],
            preexec_fn=wire, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buffer, self.next_id, self.events = b"", 0, []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        want = self.next_id
        while True:
            reply = self.read()
            if reply.get("id") == want:
                if "error" in reply:
                    raise SystemExit(f"check-html: {method}: {reply['error']}")
                return reply.get("result", {})

    def read(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_chrome, 1 << 20)
            if not chunk:
                raise SystemExit("check-html: chromium closed the pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        message = json.loads(raw)
        if "method" in message:
            self.events.append(message)
        return message

    def wait_for(self, method):
        while not any(e["method"] == method for e in self.events):
            self.read()

    def close(self):
        try:
            if self.proc.poll() is None:
                self.send("Browser.close")
        except (SystemExit, OSError):
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


PROBE = """JSON.stringify((() => {
  const charts = [...document.querySelectorAll('svg.chart')];
  return {
    charts: charts.length,
    empty: charts.filter(s => { const r = s.getBoundingClientRect();
      return r.width < 100 || r.height < 100 || s.querySelectorAll('path.series, rect.bar').length === 0; })
      .map(s => s.id),
    scripts: document.scripts.length,
    title: document.title,
  };
})())"""


def main():
    html, expected, png = os.path.abspath(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    url = "file://" + html
    browser = Browser()

    def give_up(*_):
        browser.proc.kill()  # reads on the pipe then end, and close() does not wait
        sys.exit(f"check-html: {sys.argv[1]}: chromium did not answer within 120 s")

    signal.signal(signal.SIGALRM, give_up)
    signal.alarm(120)
    problems = []
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Network", "Page"):
            browser.send(f"{domain}.enable", session=session)
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": 1280, "height": 2400, "deviceScaleFactor": 1, "mobile": False}, session=session)
        browser.events.clear()
        browser.send("Page.navigate", {"url": url}, session=session)
        browser.wait_for("Page.loadEventFired")
        probe = json.loads(browser.send("Runtime.evaluate", {"expression": PROBE, "returnByValue": True},
                                        session=session)["result"]["value"])
        shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)["data"]
        with open(png, "wb") as f:
            f.write(base64.b64decode(shot))
        for e in browser.events:
            m, p = e["method"], e.get("params", {})
            if m == "Runtime.exceptionThrown":
                problems.append("uncaught exception: " + p["exceptionDetails"].get("text", ""))
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert", "warning"):
                problems.append(f"console.{p['type']}: " + " ".join(str(a.get("value", "")) for a in p.get("args", [])))
            elif m == "Log.entryAdded" and p["entry"].get("level") in ("error", "warning"):
                problems.append("log: " + p["entry"].get("text", ""))
            elif m == "Network.loadingFailed":
                problems.append("failed load: " + p.get("errorText", ""))
            elif m == "Network.requestWillBeSent" and not p["request"]["url"].startswith(("file://", "data:", "about:")):
                problems.append("network request: " + p["request"]["url"])
    finally:
        browser.close()
    if probe["charts"] != expected:
        problems.append(f"{probe['charts']} SVG charts in the DOM, expected {expected}")
    if probe["empty"]:
        problems.append("charts without size or content: " + ", ".join(probe["empty"]))
    if probe["scripts"]:
        problems.append(f"{probe['scripts']} scripts in the page")
    width, height, bpp, rows = decode(png)
    colours = {bytes.fromhex("4e79a7"): 0, bytes.fromhex("e15759"): 0}
    nonwhite = 0
    for row in rows:
        for x in range(0, len(row), bpp):
            px = row[x:x + 3]
            nonwhite += px != b"\xff\xff\xff"
            if px in colours:
                colours[px] += 1
    if nonwhite < 0.02 * width * height or min(colours.values()) < 200:
        problems.append(f"screenshot {png} does not show the charts (drawn pixels {nonwhite}, series colours {list(colours.values())})")
    for p in problems:
        print(f"check-html: {sys.argv[1]}: {p}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"check-html: {sys.argv[1]}: ok — '{probe['title']}', {probe['charts']} charts, no errors, "
          f"screenshot {png} ({width}x{height}, {nonwhite} drawn pixels)")


if __name__ == "__main__":
    main()
