"""The policy side of the protocol: read JSON Lines on stdin, answer each ``decide``."""

import json
import sys


class Policy:
    """A dispatch policy. Subclass it and implement :meth:`decide`; :meth:`serve` speaks the
    protocol on stdin/stdout until the engine's ``end`` message (or the end of input).

    Hooks: :meth:`start` (the run's facts: scenario, seed, start, seats, batch_window_s,
    max_pickup_eta_s, mode, vehicles, zones) and :meth:`end` (the run's summary row, a dict).
    """

    #: The ``start`` message of the current run (None before it).
    run_info = None
    #: The ``summary`` of the ``end`` message (None before it).
    summary = None

    def start(self, message):
        """Called with the ``start`` message before the first epoch."""
        self.run_info = message

    def decide(self, observation):
        """Answer one decision epoch: return ``{"assign": [{"request": ID, "vehicle": ID}, ...]}``,
        optionally with ``"reposition": [{"vehicle": ID, "to": [lat, lon]}, ...]`` (idle
        vehicles driven empty to a point of the city) and ``"idle_targets": {ZONE_ID: SHARE}``
        (a desired distribution of idle vehicles over ``run_info["zones"]``, carried out by
        the engine's min-cost-flow rebalancer).

        ``observation`` is the ``decide`` message: ``time_s``, ``requests`` (id, origin,
        destination, request_time_s, fare_quote, ...), ``vehicles`` (id, position, state
        ``idle`` or ``repositioning``, seats_free, ...; every available vehicle with
        ``matching.external.vehicles: available``, else the candidates') and ``candidates``
        (request, vehicle, pickup_eta_s, pickup_m).
        """
        raise NotImplementedError("subclass ridematch.Policy and implement decide(observation)")

    def end(self, summary):
        """Called with the run's summary row (a dict) after the last epoch."""
        self.summary = summary

    def serve(self, stdin=None, stdout=None):
        """Speak the protocol on binary streams (default: this process's stdin and stdout)."""
        stdin = stdin if stdin is not None else sys.stdin.buffer
        stdout = stdout if stdout is not None else sys.stdout.buffer
        dumps = json.JSONEncoder(separators=(",", ":")).encode
        while True:
            line = stdin.readline()
            if not line:
                return
            message = json.loads(line)
            kind = message.get("type")
            if kind == "decide":
                answer = self.decide(message)
                stdout.write(dumps(answer if answer is not None else {"assign": []}).encode() + b"\n")
                stdout.flush()
            elif kind == "start":
                self.start(message)
            elif kind == "end":
                self.end(message.get("summary", {}))
                return
            # Other message types may be added to the protocol: ignore them.


def candidates_by_request(observation):
    """The observation's candidates grouped by request id, each list in the engine's order
    (nearest first by straight-line distance, then vehicle id)."""
    grouped = {r["id"]: [] for r in observation["requests"]}
    for c in observation["candidates"]:
        grouped.setdefault(c["request"], []).append(c)
    return grouped
