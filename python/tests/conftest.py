import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "python" / "examples"
QUICKSTART = ROOT / "scenarios" / "quickstart.yaml"
BAD_POLICY = ROOT / "Tests" / "PipelineTests" / "Policies" / "bad_policy.py"

# Tests import the package from this checkout when it is not installed.
try:
    import ridematch  # noqa: F401
except ImportError:
    sys.path.insert(0, str(ROOT / "python"))


@pytest.fixture(scope="session")
def binary():
    """The ridematch binary (RIDEMATCH_BIN, PATH or .build/release); the tests that run
    scenarios are skipped without one."""
    import ridematch

    try:
        return ridematch.find_binary()
    except FileNotFoundError as e:
        pytest.skip(str(e))


@pytest.fixture(autouse=True)
def _cwd(monkeypatch):
    monkeypatch.chdir(ROOT)
    path = os.environ.get("PYTHONPATH", "")
    monkeypatch.setenv("PYTHONPATH", str(ROOT / "python") + (os.pathsep + path if path else ""))
