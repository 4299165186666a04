"""Train a dispatcher with stable-baselines3 PPO on ridematch.DispatchEnv, and print its
learning curve against the built-in `nearest` and `batch` on the same demand.

    pip install './python[train]'          # gymnasium, numpy, stable-baselines3 (and torch)
    python3 python/examples/train_ppo.py --steps 12000 --out ppo-curve.csv

Training runs the quick start shortened to 10 minutes with 300 drivers (an undersupplied
city, so the choice of rider matters), one episode per run and one step per 5 s batch window,
each episode on its own seed (1000, 1001, …). Every `--eval-every` steps the current policy
(deterministic actions) runs one episode on the evaluation seed, which neither the training
episodes nor the baselines' seeds overlap with; the CSV has one row per evaluation:

    steps,episodes,reward,match_rate,wait_mean_s,deadhead_share

and two rows `nearest` and `batch` (steps empty): the built-in strategies on the evaluation
seed, from the same scenario and overrides. The reward is DispatchEnv's default (riders
matched minus 0.1 × the minutes waited by those left unmatched), so only the policy rows
have one.
"""
import argparse
import csv
import sys
from pathlib import Path

import _path  # noqa: F401
import ridematch

try:
    import numpy as np
    from stable_baselines3 import PPO
    from stable_baselines3.common.callbacks import BaseCallback
    from stable_baselines3.common.vec_env import DummyVecEnv, VecNormalize
except ImportError as e:  # the optional extra is missing
    sys.exit(f"error: {e.name}: not installed; pip install './python[train]'")

QUICKSTART = Path(__file__).resolve().parents[2] / "scenarios" / "quickstart.yaml"
SHORT = {"duration": "10m", "supply.drivers": 300}
K, SLOTS = 4, 8
EVAL_SEED = 7
FIELDS = ("steps", "episodes", "reward", "match_rate", "wait_mean_s", "deadhead_share")


class NewSeedEachEpisode(ridematch.DispatchEnv):
    """Training episodes on seeds 1000, 1001, …: the policy never sees the evaluation demand."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.episodes = 0

    def reset(self, *, seed=None, options=None):
        seed = 1000 + self.episodes
        self.episodes += 1
        return super().reset(seed=seed, options=options)


def evaluate(model, scenario, normalize):
    """One deterministic episode on the evaluation seed, observations scaled by the training
    statistics `normalize`: (reward, summary)."""
    env = ridematch.DispatchEnv(scenario, k=K, slots=SLOTS, set=SHORT)
    try:
        observation, _ = env.reset(seed=EVAL_SEED)
        total, terminated, info = 0.0, False, {}
        while not terminated:
            action, _ = model.predict(normalize.normalize_obs(observation), deterministic=True)
            observation, reward, terminated, _, info = env.step(action)
            total += reward
        return total, info["summary"]
    finally:
        env.close()


class Curve(BaseCallback):
    """Evaluates every `every` steps and keeps one row per evaluation."""

    def __init__(self, every, scenario, train_env, normalize):
        super().__init__()
        self.every, self.scenario, self.train_env, self.normalize = every, scenario, train_env, normalize
        self.rows = []

    def record(self):
        reward, summary = evaluate(self.model, self.scenario, self.normalize)
        row = {"steps": self.num_timesteps, "episodes": self.train_env.episodes, "reward": round(reward, 3),
               **{f: summary[f] for f in FIELDS[3:]}}
        self.rows.append(row)
        print(" ".join(f"{k}={row[k]}" for k in FIELDS), flush=True)

    def _on_training_start(self):
        self.record()

    def _on_step(self):
        if self.num_timesteps % self.every == 0:
            self.record()
        return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=12000, help="training steps (decision epochs)")
    parser.add_argument("--eval-every", type=int, default=3000, help="steps between evaluations")
    parser.add_argument("--seed", type=int, default=0, help="PPO's own seed (network weights, sampling)")
    parser.add_argument("--scenario", default=str(QUICKSTART))
    parser.add_argument("--out", default="ppo-curve.csv", help="the learning curve, CSV")
    a = parser.parse_args()
    if a.steps <= 0 or a.eval_every <= 0:
        sys.exit("error: --steps and --eval-every must be > 0")

    # The training run waits for its next answer while an evaluation episode runs.
    env = NewSeedEachEpisode(scenario=a.scenario, k=K, slots=SLOTS, set=SHORT, timeout=3600)
    # ETAs in seconds and distances in metres: scaled to unit variance by running statistics
    # (the action mask is left as it is), and the reward too.
    vec = VecNormalize(DummyVecEnv([lambda: env]), norm_obs_keys=["candidates"], norm_reward=True)
    try:
        model = PPO("MultiInputPolicy", vec, n_steps=500, batch_size=100, learning_rate=1e-3, seed=a.seed, verbose=0,
                    device="cpu")
        curve = Curve(a.eval_every, a.scenario, env, vec)
        model.learn(total_timesteps=a.steps, callback=curve)
        if curve.rows[-1]["steps"] != model.num_timesteps:
            curve.record()
    finally:
        env.close()
    rows = curve.rows
    for strategy in ("nearest", "batch"):
        s = ridematch.run(a.scenario, strategy=strategy, set=SHORT, seed=EVAL_SEED)
        rows.append({"steps": "", "episodes": "", "reward": "", "match_rate": s["match_rate"],
                     "wait_mean_s": s["wait_mean_s"], "deadhead_share": s["deadhead_share"], "policy": strategy})
        print(f"{strategy}: match_rate={s['match_rate']} wait_mean_s={s['wait_mean_s']} "
              f"deadhead_share={s['deadhead_share']}")
    with open(a.out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=("policy",) + FIELDS)
        w.writeheader()
        for row in rows:
            w.writerow({"policy": row.get("policy", "ppo"), **{k: row[k] for k in FIELDS}})
    print(f"wrote {a.out}")


if __name__ == "__main__":
    np.set_printoptions(precision=3)
    main()
