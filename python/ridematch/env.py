"""A Gymnasium environment over the external policy protocol (optional extra ``gym``)."""

import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile

import numpy as np
import gymnasium as gym
from gymnasium import spaces

from .runner import RidematchError, _value, find_binary

#: Features of one candidate in the observation, in order.
FEATURES = ("pickup_eta_s", "pickup_m", "fare_quote", "waited_s")


class DispatchEnv(gym.Env):
    """One ridematch run as an episode; one decision epoch per step.

    ``reset(seed=...)`` starts ``ridematch run SCENARIO --policy 'python3 -m ridematch.bridge
    SOCKET'`` (the bridge relays the protocol to this object over a Unix socket) and returns
    the first epoch's observation. Each ``step(action)`` answers the epoch and returns the next.

    Observation (``Dict``): ``"candidates"``, a ``(slots, k, 4)`` float32 array — for each of
    the oldest ``slots`` pending requests that have a candidate, its ``k`` nearest candidates' pickup ETA (s),
    straight-line pickup distance (m), the request's fare quote and its wait so far (s), zeros
    where there is none — and ``"action_mask"``, ``(slots, k + 1)`` int8: 1 where the action
    is a real candidate (the last column, "none", is always 1).

    Action (``MultiDiscrete([k + 1] * slots)``): per slot, a candidate index or ``k`` for none.
    A masked index, or a vehicle an earlier slot took, is treated as none.

    Reward: ``reward(observation_message, assignments)`` if given, else riders matched minus
    ``wait_cost`` × the minutes waited so far by the pending riders left unmatched.
    ``terminated`` when the run reaches its horizon (the engine's ``end``); ``info["summary"]``
    then holds the summary row.
    """

    metadata = {"render_modes": []}

    def __init__(self, scenario, k=8, slots=16, set=None, wait_cost=0.1, reward=None, binary=None, timeout=30,
                 mode="batch"):
        super().__init__()
        self.scenario = str(scenario)
        self.k, self.slots = int(k), int(slots)
        self.overrides = dict(set or {})
        self.overrides.setdefault("matching.external.mode", mode)
        self.overrides.setdefault("matching.external.timeout", f"{int(timeout)}s")
        self.wait_cost = float(wait_cost)
        self.reward_fn = reward
        self.binary = binary
        self.timeout = timeout
        self.observation_space = spaces.Dict({
            "candidates": spaces.Box(0.0, np.inf, shape=(self.slots, self.k, len(FEATURES)), dtype=np.float32),
            "action_mask": spaces.Box(0, 1, shape=(self.slots, self.k + 1), dtype=np.int8),
        })
        self.action_space = spaces.MultiDiscrete([self.k + 1] * self.slots)
        self._process = None
        self._folder = None
        self._conn = None
        self._reader = None
        self._message = None
        self._slots = []
        self.summary = None

    # -- the run ---------------------------------------------------------------------------

    def _start(self, seed):
        self._stop()
        self._folder = tempfile.mkdtemp(prefix="ridematch-env-")
        path = os.path.join(self._folder, "policy.sock")
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(path)
        server.listen(1)
        server.settimeout(0.2)
        command = [self.binary or find_binary(), "run", self.scenario, "--quiet", "--out", os.path.join(self._folder, "out")]
        for key, value in self.overrides.items():
            command += ["--set", f"{key}={_value(value)}"]
        if seed is not None:
            command += ["--seed", str(seed)]
        command += ["--policy", f"{shlex.quote(sys.executable)} -m ridematch.bridge {shlex.quote(path)}"]
        env = dict(os.environ)
        package_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        env["PYTHONPATH"] = package_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self._stderr = tempfile.TemporaryFile()
        self._process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=self._stderr, env=env)
        while self._conn is None:
            try:
                self._conn, _ = server.accept()
            except socket.timeout:
                if self._process.poll() is not None:
                    server.close()
                    self._fail()
        server.close()
        self._conn.settimeout(None)
        self._reader = self._conn.makefile("rb")

    def _fail(self):
        code = self._process.wait()
        self._stderr.seek(0)
        raise RidematchError(code, self._stderr.read().decode(errors="replace"))

    def _next(self):
        """The next decide message (None at the end of the run)."""
        while True:
            line = self._reader.readline()
            if not line:
                if self._process.wait() != 0:
                    self._fail()
                return None
            message = json.loads(line)
            kind = message.get("type")
            if kind == "decide":
                return message
            if kind == "end":
                self.summary = message.get("summary", {})
                # The reader holds the socket too: close both, so the bridge sees the end of
                # its input and exits, and ridematch writes its report and exits.
                self._reader.close()
                self._conn.close()
                code = self._process.wait()
                if code != 0:
                    self._fail()
                return None

    def _send(self, answer):
        try:
            self._conn.sendall(json.dumps(answer, separators=(",", ":")).encode() + b"\n")
        except OSError:
            pass

    def _stop(self):
        for stream in (self._reader, self._conn):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        if self._folder:
            shutil.rmtree(self._folder, ignore_errors=True)
        self._process = self._conn = self._reader = self._folder = None

    # -- observations ---------------------------------------------------------------------

    def _observe(self, message):
        candidates = np.zeros((self.slots, self.k, len(FEATURES)), dtype=np.float32)
        mask = np.zeros((self.slots, self.k + 1), dtype=np.int8)
        mask[:, self.k] = 1
        self._slots = []
        if message is None:
            return {"candidates": candidates, "action_mask": mask}
        grouped = {}
        for c in message["candidates"]:
            grouped.setdefault(c["request"], []).append(c)
        now = message["time_s"]
        # Slots go to the oldest requests that have a candidate: one without is no choice.
        choosable = [r for r in message["requests"] if r["id"] in grouped]
        for slot, request in enumerate(choosable[: self.slots]):
            pairs = grouped[request["id"]][: self.k]
            self._slots.append((request, pairs))
            waited = max(0.0, now - request["request_time_s"])
            for j, c in enumerate(pairs):
                candidates[slot, j] = (c["pickup_eta_s"], c["pickup_m"], request["fare_quote"], waited)
                mask[slot, j] = 1
        return {"candidates": candidates, "action_mask": mask}

    # -- the Gymnasium API ------------------------------------------------------------------

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.summary = None
        self._start(seed)
        self._message = self._next()
        return self._observe(self._message), {"time_s": self._message["time_s"] if self._message else None}

    def step(self, action):
        if self._message is None:
            return self._observe(None), 0.0, True, False, {"summary": self.summary}
        action = np.asarray(action).reshape(-1)
        assign, taken = [], set()
        for slot, (request, pairs) in enumerate(self._slots):
            choice = int(action[slot]) if slot < len(action) else self.k
            if choice < len(pairs) and pairs[choice]["vehicle"] not in taken:
                taken.add(pairs[choice]["vehicle"])
                assign.append({"request": request["id"], "vehicle": pairs[choice]["vehicle"]})
        message = self._message
        self._send({"assign": assign})
        if self.reward_fn is not None:
            reward = float(self.reward_fn(message, assign))
        else:
            matched = {a["request"] for a in assign}
            waited = sum(max(0.0, message["time_s"] - r["request_time_s"])
                         for r in message["requests"] if r["id"] not in matched)
            reward = len(assign) - self.wait_cost * waited / 60.0
        self._message = self._next()
        terminated = self._message is None
        info = {"matched": len(assign)}
        if terminated:
            info["summary"] = self.summary
        else:
            info["time_s"] = self._message["time_s"]
        return self._observe(self._message), reward, terminated, False, info

    def close(self):
        self._stop()
        super().close()
