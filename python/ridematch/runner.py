"""Run scenarios with the ridematch binary from Python."""

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


class RidematchError(RuntimeError):
    """ridematch exited with a failure; ``returncode`` and ``stderr`` say how."""

    def __init__(self, returncode, stderr):
        lines = [l for l in stderr.splitlines() if l.strip()]
        super().__init__(lines[-1] if lines else f"ridematch exited with status {returncode}")
        self.returncode = returncode
        self.stderr = stderr


def find_binary():
    """The ridematch executable: ``$RIDEMATCH_BIN``, else ``ridematch`` on PATH, else
    ``.build/release/ridematch`` (then ``.build/debug``) under the working directory or the
    repository this package sits in."""
    env = os.environ.get("RIDEMATCH_BIN")
    if env:
        return env
    found = shutil.which("ridematch")
    if found:
        return found
    roots = [Path.cwd(), Path(__file__).resolve().parent.parent.parent]
    for root in roots:
        for build in ("release", "debug"):
            candidate = root / ".build" / build / "ridematch"
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
    raise FileNotFoundError("ridematch binary not found: set RIDEMATCH_BIN, put ridematch on PATH, "
                            "or build it with `swift build -c release`")


def policy_command(policy):
    """A shell command for ``policy``: a ``.py`` file runs under this Python; a string is a command."""
    if policy is None:
        return None
    text = str(policy)
    if text.endswith(".py") and Path(text).is_file():
        return f"{shlex.quote(sys.executable)} {shlex.quote(text)}"
    return text


def _value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, dict)):
        return json.dumps(v)
    return str(v)


def run(scenario, policy=None, set=None, seed=None, out=None, strategy=None, mode=None, timeout=None,
        binary=None, args=()):
    """Run ``scenario`` and return its summary row (summary.json) as a dict.

    ``policy``: a command or a ``.py`` file (strategy ``external``); ``set``: overrides
    ``{"supply.drivers": 800, ...}`` (``--set``); ``mode``/``timeout``: ``matching.external``
    mode and timeout; ``out``: the report folder (default: a temporary one, removed after).
    Raises :class:`RidematchError` when ridematch fails (its one-line message).
    """
    command = [binary or find_binary(), "run", str(scenario)]
    overrides = dict(set or {})
    if mode is not None:
        overrides["matching.external.mode"] = mode
    if timeout is not None:
        overrides["matching.external.timeout"] = timeout
    for key, value in overrides.items():
        command += ["--set", f"{key}={_value(value)}"]
    if policy is not None:
        command += ["--policy", policy_command(policy)]
    if strategy is not None:
        command += ["--strategy", strategy]
    if seed is not None:
        command += ["--seed", str(seed)]
    command += list(args)
    temporary = out is None
    folder = Path(tempfile.mkdtemp(prefix="ridematch-")) if temporary else Path(out)
    try:
        done = subprocess.run(command + ["--out", str(folder), "--quiet"], capture_output=True, text=True)
        if done.returncode != 0:
            raise RidematchError(done.returncode, done.stderr)
        if done.stderr:
            sys.stderr.write(done.stderr)
        summaries = sorted(folder.glob("*/*/summary.json"), key=lambda p: p.stat().st_mtime)
        if not summaries:
            raise RidematchError(0, "no summary.json written under " + str(folder))
        with open(summaries[-1]) as f:
            return json.load(f)
    finally:
        if temporary:
            shutil.rmtree(folder, ignore_errors=True)
