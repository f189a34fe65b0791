"""Benchmark: every hostile file is read or refused in under 5 s and 300 MB (issue 17, point 1).

Generates the corpus of tests/imports/hostile.py and reads each file the way an upload
is read (`read_grids`, what both the candidate and the allocation imports call), each
in a fresh Python process so that its peak memory (max RSS, interpreter included) is
its own. Prints, per file: its size, the outcome (grids read, or the Vietnamese
refusal), wall time and peak RSS; exits 1 when a file breaks the 5 s / 300 MB budget.

    .venv/bin/python benchmarks/hostile_files.py
    .venv/bin/python benchmarks/hostile_files.py --only deflate_bomb
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT_SECONDS = 5.0
LIMIT_MB = 300

CHILD = """
import json, sys, time
import openpyxl, docx  # loaded once by a server process, not per upload
sys.path.insert(0, {root!r})
from ketnap.imports.grid import UnreadableFile, read_grids
data = open(sys.argv[1], "rb").read()
start = time.perf_counter()
try:
    grids = read_grids(data, sys.argv[2])
    outcome = f"read {{len(grids)}} grid(s), {{sum(len(g.rows) for g in grids)}} rows"
except UnreadableFile as exc:
    outcome = "refused: " + str(exc)
elapsed = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec
rss = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) / 1024
print(json.dumps({{"seconds": elapsed, "mb": rss, "outcome": outcome}}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="one corpus entry by name")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ketnap.settings")
    from tests.imports.hostile import CORPUS

    failures = 0
    print(f"{'file':<26} {'size':>9} {'seconds':>8} {'peak MB':>8}  outcome")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (build, filename, _refused) in CORPUS.items():
            if args.only and name != args.only:
                continue
            path = Path(tmp) / filename
            path.write_bytes(build())
            done = subprocess.run(
                [sys.executable, "-c", CHILD.format(root=str(ROOT)), str(path), filename],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            if done.returncode != 0:
                print(f"{name:<26} crashed: {done.stderr.strip()[-300:]}")
                failures += 1
                continue
            result = json.loads(done.stdout.strip().splitlines()[-1])
            slow = result["seconds"] > LIMIT_SECONDS or result["mb"] > LIMIT_MB
            failures += slow
            print(
                f"{name:<26} {path.stat().st_size / 1024:>7.0f}KB {result['seconds']:>8.2f} {result['mb']:>8.0f}"
                f"  {'OVER BUDGET ' if slow else ''}{result['outcome'][:110]}"
            )
    print(f"budget: {LIMIT_SECONDS:.0f} s and {LIMIT_MB} MB per file; {failures} over")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
