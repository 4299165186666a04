"""ridematch.DispatchEnv: a Gymnasium environment over the protocol (needs gymnasium and the binary)."""
import numpy as np
import pytest

gymnasium = pytest.importorskip("gymnasium")

import ridematch  # noqa: E402
from conftest import QUICKSTART  # noqa: E402

SHORT = {"duration": "10m", "supply.drivers": 300}


def test_check_env_passes(binary):
    from gymnasium.utils.env_checker import check_env

    env = ridematch.DispatchEnv(QUICKSTART, k=4, slots=8, set=SHORT)
    try:
        check_env(env, skip_render_check=True)
    finally:
        env.close()


def test_an_episode_runs_to_the_horizon_and_nearest_first_matches_riders(binary):
    env = ridematch.DispatchEnv(QUICKSTART, k=4, slots=8, set=SHORT)
    try:
        observation, info = env.reset(seed=42)
        assert info["time_s"] == 5
        assert observation["candidates"].shape == (8, 4, 4) and observation["action_mask"].shape == (8, 5)
        assert env.action_space.nvec.tolist() == [5] * 8
        steps, matched, total = 0, 0, 0.0
        terminated = False
        while not terminated:
            # Each slot's nearest candidate (index 0) where there is one.
            action = np.where(observation["action_mask"][:, 0] == 1, 0, 4)
            observation, reward, terminated, truncated, info = env.step(action)
            assert not truncated
            steps += 1
            total += reward
            matched += info["matched"]
        # One step per 5 s batch window (t = 5 … 595 s) in which a waiting rider has a candidate;
        # slots go to riders with a candidate, so nearest-first matches as many as `nearest`
        # does on this seed (0.4537 of 410).
        assert steps == 87
        assert matched == 186
        summary = info["summary"]
        assert summary["strategy"] == "external" and summary["seed"] == 42
        assert (summary["requests"], summary["completed"], summary["in_progress"]) == (410, 6, 180)
        assert matched == summary["completed"] + summary["in_progress"]
        assert round(total, 3) == -749.086
        # Reset starts a new run from the same seed: the same first observation.
        again, _ = env.reset(seed=42)
        other = ridematch.DispatchEnv(QUICKSTART, k=4, slots=8, set=SHORT)
        first, _ = other.reset(seed=42)
        other.close()
        assert np.array_equal(again["candidates"], first["candidates"])
    finally:
        env.close()
