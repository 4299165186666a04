"""Python side of the ridematch external policy protocol (docs/external.md).

- :class:`Policy`: subclass it, write ``decide(self, observation) -> dict``, call ``serve()``.
- :func:`run`: run a scenario with the ridematch binary and get its summary row as a dict.
- :class:`DispatchEnv`: a Gymnasium environment (optional extra ``gym``), imported lazily.
"""

from .policy import Policy, candidates_by_request
from .runner import RidematchError, find_binary, run

__all__ = ["Policy", "candidates_by_request", "run", "find_binary", "RidematchError", "DispatchEnv"]
__version__ = "0.1.0"


def __getattr__(name):
    # DispatchEnv needs gymnasium and numpy: import them only when asked for.
    if name == "DispatchEnv":
        from .env import DispatchEnv

        return DispatchEnv
    raise AttributeError(f"module 'ridematch' has no attribute {name!r}")
