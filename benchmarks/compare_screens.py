"""Screens and saves of two versions of frontdesk, measured in one run, side by side.

    .venv/bin/python benchmarks/compare_screens.py --before REF             # 10 thousand records
    .venv/bin/python benchmarks/compare_screens.py --before REF --sizes 10000 1000000

``REF`` (a commit) is checked out in a temporary work tree; each size's demo
database is the one ``run.py`` builds and keeps. Both versions are measured by this
tree's ``run._screens_and_saves`` (the same stopwatch, Pilot, the usual delays,
warm: the desk prepared after sign-in), taking turns, ``--rounds`` times each;
the figures are the medians of all their fresh apps. A database up to 100,000
records is copied for each turn (the saves add records); a larger one is used as
it is, both versions adding their few records to it.

With ``--nice`` the measuring processes run at that niceness, so that on a
machine shared with other work their wall times come nearer to a quiet one's
(CPU times are printed beside them either way).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
COPY_UP_TO = 100_000

MEASURE = """
import asyncio, json, sys
tree, harness, db, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sys.path[:0] = [tree, harness]
import run
run.SCREEN_RUNS = runs
import frontdesk
assert frontdesk.__file__.startswith(tree), frontdesk.__file__
print(json.dumps(asyncio.run(run._screens_and_saves(run.Path(db)))))
"""

def measure(tree: Path, db: Path, runs: int, nice: int, workdir: Path) -> dict:
    """One turn: ``runs`` fresh apps of the frontdesk in ``tree`` on ``db`` (or a copy)."""
    size_db = db
    if db.stat().st_size < COPY_UP_TO * 3000:  # ~2 kB a record: a copy is quick
        size_db = workdir / "turn.db"
        shutil.copy(db, size_db)
    command = [sys.executable, "-c", MEASURE, str(tree), str(ROOT / "benchmarks"), str(size_db), str(runs)]
    if nice:
        command = ["nice", "-n", str(nice), *command]
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=os.environ).stdout
    if size_db != db:
        size_db.unlink()
    return json.loads(out.strip().splitlines()[-1])


def merged(turns: list[dict]) -> dict:
    """Medians over the turns of each figure (the turns' medians of their apps)."""
    figures: dict = {}
    for key in turns[0]:
        values = [turn[key] for turn in turns]
        if isinstance(values[0], dict):
            figures[key] = {name: statistics.median(v[name] for v in values) for name in values[0]}
        elif isinstance(values[0], (int, float)):
            figures[key] = statistics.median(values)
    return figures


def table(results: dict, groups: tuple[tuple[str, str], ...]) -> str:
    lines = []
    sizes = list(results["sizes"])
    head = f"{'(ms, median; wall and CPU)':<40}" + "".join(
        f"{int(size):>12,} before {'after':>7} {'ratio':>6}  cpu {'before':>6} {'after':>6}" for size in sizes)
    lines.append(head)
    first = results["sizes"][sizes[0]]["before"]
    rows = [("sign-in to home", "sign_in_to_home_median_ms", None)]
    for group, label in groups:
        rows += [(f"{label}: {name}", f"{group}_median_ms", name) for name in first.get(f"{group}_median_ms", {})]
    for label, key, name in rows:
        row = f"{label:<40}"
        for size in sizes:
            before, after = results["sizes"][size]["before"], results["sizes"][size]["after"]
            if name is None:
                b, a, cb, ca = before[key], after[key], None, None
            else:
                cpu_key = key.replace("_median_ms", "_cpu_median_ms")
                b, a = before[key].get(name), after[key].get(name)
                cb, ca = before.get(cpu_key, {}).get(name), after.get(cpu_key, {}).get(name)
            cells = f"{b:>19.0f} {a:>7.0f} {a / b:>6.2f}" if b and a is not None else f"{'-':>34}"
            cells += f"  cpu {cb:>6.0f} {ca:>6.0f}" if cb is not None and ca is not None else f"{'':>19}"
            row += cells
        lines.append(row)
    lines.append("load average during the turns: " + ", ".join(
        f"{int(size):,}: before {results['sizes'][size]['before']['load_average']:.1f}, "
        f"after {results['sizes'][size]['after']['load_average']:.1f}" for size in sizes))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the commit to compare with")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--runs", type=int, default=5, help="fresh apps per turn")
    parser.add_argument("--rounds", type=int, default=1, help="turns of each version")
    parser.add_argument("--nice", type=int, default=0)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import run

    results: dict = {"run_at": datetime.now().isoformat(timespec="seconds"), "before": args.before,
                     "after": subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                             capture_output=True, text=True).stdout.strip(),
                     "nice": args.nice, "runs": args.runs, "rounds": args.rounds, "sizes": {}}
    with tempfile.TemporaryDirectory() as temp:
        workdir = Path(temp)
        before_tree = workdir / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(before_tree), args.before],
                       check=True, capture_output=True)
        try:
            for size in args.sizes:
                db = run.build(size)
                turns: dict[str, list[dict]] = {"before": [], "after": []}
                for _ in range(args.rounds):
                    for side, tree in (("before", before_tree), ("after", ROOT)):
                        turns[side].append(measure(tree, db, args.runs, args.nice, workdir))
                        print(f"{size:,} {side}: turn done", file=sys.stderr)
                results["sizes"][str(size)] = {side: merged(found) for side, found in turns.items()}
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before_tree)],
                           capture_output=True)
    text = table(results, run.GROUPS)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"screens-{datetime.now():%Y%m%d-%H%M%S}"
    out.with_suffix(".json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    out.with_suffix(".txt").write_text(text + "\n")
    print(f"\nwritten to {out.relative_to(ROOT)}.json and .txt")


if __name__ == "__main__":
    main()
