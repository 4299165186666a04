"""ridematch.Policy speaks the protocol: start, one answer line per decide, end."""
import io
import json

import ridematch


class FirstCandidate(ridematch.Policy):
    def decide(self, observation):
        taken, assign = set(), []
        for request in observation["requests"]:
            for c in ridematch.candidates_by_request(observation)[request["id"]]:
                if c["vehicle"] not in taken:
                    taken.add(c["vehicle"])
                    assign.append({"request": request["id"], "vehicle": c["vehicle"]})
                    break
        return {"assign": assign}


def lines(*messages):
    return io.BytesIO(b"".join(json.dumps(m).encode() + b"\n" for m in messages))


def test_serve_answers_each_decide_and_stops_at_end():
    decide = {"type": "decide", "time_s": 5, "requests": [{"id": 1}, {"id": 2}], "vehicles": [],
              "candidates": [{"request": 1, "vehicle": 7, "pickup_eta_s": 60, "pickup_m": 300},
                             {"request": 2, "vehicle": 7, "pickup_eta_s": 30, "pickup_m": 150},
                             {"request": 2, "vehicle": 9, "pickup_eta_s": 90, "pickup_m": 500}]}
    stdin = lines({"type": "start", "scenario": "s", "seed": 1}, decide, {"type": "future-message"},
                  {"type": "decide", "time_s": 10, "requests": [], "vehicles": [], "candidates": []},
                  {"type": "end", "summary": {"completed": 3}}, decide)
    stdout = io.BytesIO()
    policy = FirstCandidate()
    policy.serve(stdin, stdout)
    assert stdout.getvalue() == (b'{"assign":[{"request":1,"vehicle":7},{"request":2,"vehicle":9}]}\n'
                                 b'{"assign":[]}\n')
    assert policy.run_info == {"type": "start", "scenario": "s", "seed": 1}
    assert policy.summary == {"completed": 3}


def test_serve_returns_at_end_of_input_and_none_is_no_assignment():
    class Nothing(ridematch.Policy):
        def decide(self, observation):
            return None

    stdout = io.BytesIO()
    Nothing().serve(lines({"type": "decide", "requests": [], "candidates": []}), stdout)
    assert stdout.getvalue() == b'{"assign":[]}\n'


def test_decide_must_be_written():
    try:
        ridematch.Policy().decide({})
    except NotImplementedError as e:
        assert "implement decide" in str(e)
    else:
        raise AssertionError("Policy.decide did not raise")
