#!/usr/bin/env python3
"""Open an HTML report in headless Chromium as a person would and fail if the page has errors.

usage: check_html.py FILE.html EXPECTED_CHARTS SCREENSHOT.png [--maps N] [--replay]

Drives Chromium over the DevTools protocol (--remote-debugging-pipe, standard library only):
loads the page at 1280x2400, collects every console error, uncaught exception, log error and
failed or non-local request, counts the SVG charts in the live DOM and checks each has a size
and drawn content, saves a screenshot, and checks the screenshot shows the charts' colours.

--maps N: the page also holds N zone maps (svg.map with coloured zones, a legend and a scale).
--replay: the page has the replay panel; the check clicks its play button with the mouse,
waits, and reads the page's own state (window.ridematchReplay and the panel's data-frame):
the frame must have advanced, the driver points moved, and a screenshot of the panel
(SCREENSHOT with -replay before .png) must show drivers in their phase colours."""
import time
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
    scripts: [...document.scripts].filter(s => s.src).length,
    maps: [...document.querySelectorAll('svg.map:not(.replay-map)')].map(s => { const r = s.getBoundingClientRect();
      return { id: s.id, w: r.width, h: r.height, zones: s.querySelectorAll('path.zone').length,
               keys: s.querySelectorAll('rect.key').length, scale: s.querySelectorAll('g.scale').length,
               filled: new Set([...s.querySelectorAll('path.zone')].map(p => p.getAttribute('fill'))).size }; }),
    replay: !!document.getElementById('replay'),
    title: document.title,
  };
})())"""


REPLAY_STATE = """JSON.stringify((() => {
  const s = window.ridematchReplay, p = document.getElementById('replay');
  const dots = [...document.querySelectorAll('#replay-drivers circle')];
  return { frame: s ? s.frame : null, frames: s ? s.frames : null, playing: s ? s.playing : null,
           attr: p ? Number(p.dataset.frame) : null, time: (document.getElementById('replay-time') || {}).textContent,
           shown: dots.filter(c => getComputedStyle(c).display !== 'none' && Number(c.getAttribute('cx')) > 0).length,
           xy: dots.map(c => c.getAttribute('cx') + ',' + c.getAttribute('cy')) };
})())"""


def count_pixels(png, hexes):
    """Width, height, non-white pixels and the pixels of each colour in `hexes` of a PNG."""
    width, height, bpp, rows = decode(png)
    colours = {bytes.fromhex(h): 0 for h in hexes}
    nonwhite = 0
    for row in rows:
        for x in range(0, len(row), bpp):
            px = row[x:x + 3]
            nonwhite += px != b"\xff\xff\xff"
            if px in colours:
                colours[px] += 1
    return width, height, nonwhite, colours


def evaluate(browser, session, expression):
    return json.loads(browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                                   session=session)["result"]["value"])


def play_replay(browser, session, png, problems):
    """Clicks play as a person would, waits, and checks the page's own replay state advanced."""
    before = evaluate(browser, session, REPLAY_STATE)
    if before["frame"] is None or before["frames"] is None:
        problems.append("replay panel has no state (window.ridematchReplay)")
        return None
    rect = evaluate(browser, session, """JSON.stringify((() => { const b = document.getElementById('replay-play');
      b.scrollIntoView({block: 'center'}); const r = b.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })())""")
    for kind in ("mousePressed", "mouseReleased"):
        browser.send("Input.dispatchMouseEvent", {"type": kind, "x": rect["x"], "y": rect["y"], "button": "left",
                                                   "clickCount": 1}, session=session)
    time.sleep(2.5)
    after = evaluate(browser, session, REPLAY_STATE)
    moved = sum(a != b for a, b in zip(before["xy"], after["xy"]))
    if not after["frame"] > before["frame"]:
        problems.append(f"replay did not advance when played: frame {before['frame']} -> {after['frame']}")
    if after["attr"] != after["frame"]:
        problems.append(f"replay panel data-frame {after['attr']} != state frame {after['frame']}")
    if before["frames"] > 1 and moved == 0:
        problems.append("replay played but no driver point moved")
    if after["shown"] == 0:
        problems.append("replay shows no driver points")
    box = evaluate(browser, session, """JSON.stringify((() => { const r = document.getElementById('replay').getBoundingClientRect();
      return {x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height}; })())""")
    shot = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                    "clip": dict(box, scale=1)}, session=session)["data"]
    replay_png = png[:-4] + "-replay.png" if png.endswith(".png") else png + "-replay.png"
    with open(replay_png, "wb") as f:
        f.write(base64.b64decode(shot))
    _, _, _, phase = count_pixels(replay_png, ("59a14f", "f28e2b", "4e79a7"))
    if sum(phase.values()) < 50:
        problems.append(f"replay screenshot {replay_png} shows no drivers (phase-colour pixels {list(phase.values())})")
    return (f"replay frame {before['frame']} -> {after['frame']} of {after['frames']} after play "
            f"({moved} of {len(after['xy'])} driver points moved, clock '{after['time']}'), screenshot {replay_png}")


def main():
    args = sys.argv[1:]
    want_replay = "--replay" in args
    args = [a for a in args if a != "--replay"]
    maps = None
    if "--maps" in args:
        k = args.index("--maps")
        maps = int(args[k + 1])
        del args[k:k + 2]
    html, expected, png = os.path.abspath(args[0]), int(args[1]), args[2]
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
        replay_note = None
        if want_replay:
            if probe["replay"]:
                replay_note = play_replay(browser, session, png, problems)
            else:
                problems.append("no replay panel (#replay) in the page")
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
        problems.append(f"{probe['scripts']} scripts loaded from files (src=) in the page")
    if maps is not None:
        if len(probe["maps"]) != maps:
            problems.append(f"{len(probe['maps'])} zone maps in the DOM, expected {maps}")
        for m in probe["maps"]:
            if m["w"] < 100 or m["h"] < 100 or m["zones"] == 0 or m["keys"] == 0 or m["scale"] == 0 or m["filled"] < 2:
                problems.append(f"zone map {m['id']} without size, zones, legend, scale or colours: {m}")
    width, height, nonwhite, colours = count_pixels(png, ("4e79a7", "e15759"))
    if nonwhite < 0.02 * width * height or min(colours.values()) < 200:
        problems.append(f"screenshot {png} does not show the charts (drawn pixels {nonwhite}, series colours {list(colours.values())})")
    for p in problems:
        print(f"check-html: {args[0]}: {p}", file=sys.stderr)
    if problems:
        sys.exit(1)
    print(f"check-html: {args[0]}: ok — '{probe['title']}', {probe['charts']} charts, {len(probe['maps'])} maps, "
          f"no errors, screenshot {png} ({width}x{height}, {nonwhite} drawn pixels)")
    if replay_note:
        print(f"check-html: {args[0]}: {replay_note}")


if __name__ == "__main__":
    main()
