#!/usr/bin/env python3
"""timed.py OUT_FILE CMD ARGS...: run CMD, write "wall_s cpu_s" (monotonic wall clock, and
user + system CPU time of CMD and its children) to OUT_FILE; exit with CMD's status.
CPU time is the steadier figure on a loaded machine: waiting for a core does not count."""
import resource
import subprocess
import sys
import time

out, cmd = sys.argv[1], sys.argv[2:]
before = resource.getrusage(resource.RUSAGE_CHILDREN)
t0 = time.monotonic()
rc = subprocess.call(cmd)
wall = time.monotonic() - t0
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
with open(out, "w") as f:
    f.write(f"{wall:.3f} {cpu:.3f}\n")
sys.exit(rc)
