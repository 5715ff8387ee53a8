"""Speed and size of frontdesk, measured in one run and printed side by side.

    .venv/bin/python benchmarks/run.py                 # 10 thousand and 1 million records
    .venv/bin/python benchmarks/run.py --sizes 10000 100000

For each size a database is built with ``frontdesk demo`` (kept under
``benchmarks/results/`` so a second run reuses it), then measured in the process:

- lookup time per query for each kind of query (median and 95th percentile),
  with the database file in the system's file cache (read once first), the
  median number of records an answer holds, and the ratio of the largest
  size's figures to the smallest's;
- keystroke to results painted in the lookup screen (Textual Pilot);
- time from start to the first frame of the login screen, the ``frontdesk``
  command as installed against an empty Textual app with a header and a
  footer (fresh processes taking turns, 15 each, medians);
- the 24-hour report's build time (when the duty room's report exists);
- what an operator meets (``Stopwatch``, in the app, the usual delays): sign-in to the
  home screen painted; each main screen's key to it painted with its data, the first
  time (the desk prepared in the background after sign-in) and again; Ctrl+S to a
  visit, a duty entry and a letter saved and the next screen painted; a key typed in
  a form field to its echo painted; each with the CPU time the process used, since on
  a loaded machine wall time also counts the time other programs had the processors;
- peak memory of the app with the database open and a lookup done.

The table is printed and written as JSON next to the databases.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PASSWORD = "bench-admin-1"
QUERIES_PER_KIND = 200


def build(size: int) -> Path:
    """A demo database of ``size`` records (visits, plus duty entries and letters
    in proportion where those channels exist), built once and kept."""
    path = RESULTS / f"bench-{size}.db"
    if path.exists():
        return path
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "FRONTDESK_PASSWORD": PASSWORD, "FRONTDESK_OPERATOR": "admin"}
    partial = path.with_suffix(".building.db")
    for suffix in ("", "-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    frontdesk = [sys.executable, "-m", "frontdesk", "--db", str(partial)]
    subprocess.run([*frontdesk, "init", "--admin", "admin"], env=env, check=True, capture_output=True)
    started = time.perf_counter()
    subprocess.run([*frontdesk, "demo", "--visits", str(size), "--years", "10"], env=env, check=True)
    print(f"built {size:,} records in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    partial.rename(path)
    return path


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def sample_queries(store, rng: random.Random) -> dict[str, list[str]]:
    """Real queries drawn from the database, per kind."""
    db = store.db
    people = db.execute(
        "SELECT name, id_number, phone FROM parties WHERE id_number IS NOT NULL"
        " ORDER BY random() LIMIT ?", [QUERIES_PER_KIND]
    ).fetchall()
    numbers = [r[0] for r in db.execute(
        "SELECT number FROM visits ORDER BY random() LIMIT ?", [QUERIES_PER_KIND])]
    subjects = [r[0] for r in db.execute(
        "SELECT subject FROM visits ORDER BY random() LIMIT ?", [QUERIES_PER_KIND])]
    from frontdesk.store.shared.pinyin import name_keys

    return {
        "name (part)": [name[:2] for name, _, _ in people],
        "pinyin full": [name_keys(name)[0].split()[0] for name, _, _ in people],
        "pinyin initials": [name_keys(name)[1].split()[0] for name, _, _ in people],
        "ID number": [id_number for _, id_number, _ in people],
        "ID last 4": [id_number[-4:] for _, id_number, _ in people],
        "phone": [phone for _, _, phone in people if phone],
        "phone last 4": [phone[-4:] for _, _, phone in people if phone],
        "number": numbers,
        "words": [subject[:2] if rng.random() < 0.5 else subject[-4:] for subject in subjects],
    }


def warm(path: Path) -> None:
    """Read the database file once, so it is in the system's file cache as on a
    machine in use: the figures are of the lookup, not of a cold disk."""
    with path.open("rb") as handle:
        while handle.read(1 << 24):
            pass


def measure_lookups(path: Path) -> dict:
    from frontdesk.store import Store

    warm(path)
    store = Store.open(path)
    actor = store.operators.authenticate("admin", PASSWORD)
    started = time.perf_counter()
    indexed = store.lookup.refresh()
    index_seconds = time.perf_counter() - started
    figures = {}
    for kind, queries in sample_queries(store, random.Random(6)).items():
        times, found = [], []
        for query in queries:
            begun = time.perf_counter()
            hits = store.lookup.search(actor, query, limit=50)
            times.append((time.perf_counter() - begun) * 1000)
            found.append(len(hits))
        # How many records an answer holds (at most the limit, 50) tells what the
        # time is spent on: a small database answers most queries with a few.
        figures[kind] = {"median_ms": statistics.median(times), "p95_ms": percentile(times, 0.95),
                         "queries": len(times), "median_hits": statistics.median(found)}
    store.close()
    return {"lookup": figures, "index_catch_up_s": index_seconds, "indexed": indexed}


def measure_report(path: Path) -> float | None:
    from frontdesk.store import Store

    store = Store.open(path)
    actor = store.operators.authenticate("admin", PASSWORD)
    reports = getattr(store, "reports", None) or getattr(store, "report", None)
    if reports is None or not hasattr(reports, "daily"):
        store.close()
        return None
    times = []
    for _ in range(5):
        begun = time.perf_counter()
        reports.daily(actor)
        times.append((time.perf_counter() - begun) * 1000)
    store.close()
    return statistics.median(times)


async def _keystrokes(path: Path) -> dict:
    from frontdesk.config import Settings
    from frontdesk.screens.lookup import LookupScreen
    from frontdesk.store import Store, system_clock
    from frontdesk.tui.app import make_app

    store = Store.open(path)
    actor = store.operators.authenticate("admin", PASSWORD)
    app = make_app(store, Settings(), system_clock)
    typing_pause = app.timing.quick_lookup
    painted, searched = [], []
    queries = ["zs", "wl", "8000", "1234", "工资", "物业", "lj", "zw", "5678", "拆迁"] * 3
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_desk(actor, "lookup")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LookupScreen)
        field = screen.query_one("#lookup-query")
        for query in queries:
            field.value = query[:-1]
            field.cursor_position = len(field.value)
            await pilot.pause(typing_pause * 2)
            await app.workers.wait_for_complete()
            begun = time.perf_counter()
            if query.isascii():
                await pilot.press(query[-1])
            else:
                field.value = query  # an input method commits Chinese text at once
            # Results are painted once the screen answered this query and refreshed.
            while not screen.shown or screen.shown[0] != query or screen.painted_at < screen.typed_at:
                if time.perf_counter() - begun > 10:
                    raise RuntimeError(f"no answer to {query!r}: line {field.value!r}, shown {screen.shown!r}")
                await asyncio.sleep(0.001)
            # From the screen's own clock: the line changed, then the answer was painted.
            total = (screen.painted_at - screen.typed_at) * 1000
            painted.append(total)
            searched.append(total - typing_pause * 1000)
    store.close()
    return {"keystroke_to_painted_median_ms": statistics.median(painted),
            "after_typing_pause_median_ms": statistics.median(searched),
            "typing_pause_ms": typing_pause * 1000}


SCREEN_KEYS = {"home": "f2", "visit": "f3", "duty": "f4", "letter": "f5", "mail": "f6", "lookup": "f7",
               "operators": "f8", "audit": "f9"}
SCREEN_RUNS = 5
# The timed groups of ``_screens_and_saves`` as printed: (key prefix, label).
GROUPS = (("open_screen", "open first"), ("open_again", "open again"), ("save", "save"), ("save_again", "save again"),
          ("echo", "key to echo"))
ECHO_KEYS = "zhangwei"
ECHO_PACE = 0.12
"""Seconds between the keys of the echo measure: a steady typist."""


class Stopwatch:
    """Key press to what the operator sees, timed inside the app.

    A key goes to the app the way the terminal's keys do (the driver's queue),
    not through Pilot's press, whose own waits (at least 40 ms of sleeping for
    idle) would count as the app's. The end is the last frame the app drew once
    the key and everything it set off were handled (TypeAhead idle, no store call
    of the screen running, nothing left to lay out or paint). Headless Textual
    skips turning a frame into terminal text: the stopwatch does it, so that
    work counts too."""

    def __init__(self, app) -> None:
        self.app = app
        self.painted = 0.0
        display = app._display

        def timed_display(screen, renderable) -> None:
            display(screen, renderable)
            if renderable is not None:
                if hasattr(renderable, "render_segments"):
                    renderable.render_segments(app.console)
                self.painted = time.perf_counter()

        app._display = timed_display
        self.keys = 0
        typeahead = app._type_ahead
        take = typeahead.take

        async def counted_take(event) -> None:
            self.keys += 1
            await take(event)

        typeahead.take = counted_take

    def _settled(self) -> bool:
        app = self.app
        typeahead = app._type_ahead
        if typeahead.pending or not typeahead._idle.is_set() or typeahead._calls():
            return False
        screen = app.screen
        if (screen._layout_required or screen._scroll_required or screen._repaint_required
                or screen._recompose_required or screen._dirty_widgets):
            return False
        return all(node._message_queue.empty() and node._is_mounted
                   for node in screen.walk_children(with_self=True))

    async def until(self, condition, seconds: float = 120.0, what: str = "") -> float:
        """Wait for ``condition`` and a settled, painted screen; the time it was painted."""
        deadline = time.perf_counter() + seconds
        while not (condition() and self._settled()):
            if time.perf_counter() > deadline:
                raise AssertionError(f"the app did not get there: {what} (on {type(self.app.screen).__name__})")
            await asyncio.sleep(0.001)
        self.detected = time.perf_counter()
        return max(self.painted, self.begun)

    async def press(self, key: str, condition, what: str = "") -> tuple[float, float]:
        """Milliseconds from pressing ``key`` to the screen settled and painted, and
        the CPU milliseconds the process used meanwhile."""
        from textual import events

        await self.until(lambda: True, what=f"before {key}")
        self.begun = time.perf_counter()
        cpu = time.process_time()
        character = key if len(key) == 1 else None
        keys = self.keys
        self.app._driver.send_message(events.Key(key, character))
        done = await self.until(lambda: self.keys > keys and condition(), what=what)
        # The process's CPU time meanwhile (every thread; the polling's own is small):
        # on a loaded machine the wall time also holds the time others had the CPU.
        return (done - self.begun) * 1000, (time.process_time() - cpu) * 1000

    async def quiet(self, seconds: float = 0.0) -> None:
        """Let the delayed work of what was typed (checks, drafts, look-ups) run out."""
        if seconds:
            await asyncio.sleep(seconds)
        await self.app.workers.wait_for_complete()
        self.begun = time.perf_counter()
        await self.until(lambda: True)


async def _save_each(app, watch: Stopwatch, run: int, turn: int) -> dict[str, tuple[float, float]]:
    """Ctrl+S on a visit, a duty entry and a letter, each to the next screen painted:
    the visit's slip, the duty log the entry's dialog closes on, the letter's record."""
    from stdnum.cn import ric

    first17 = f"4403041980{turn:02d}01{run:03d}"
    figures = {"visit": await _fill_and_save(app, watch, ["f3"], {
        ".v-name": f"测速{run}", ".v-id_number": first17 + ric.calc_check_digit(first17 + "0"),
        "#f-subject": "测速来访"}, back=False)}
    await watch.press("enter", lambda: True)  # the slip's next visitor
    await watch.quiet()
    figures["duty entry"] = await _fill_and_save(app, watch, ["f4", "ctrl+n"], {
        "#d-source": "测速来电", "#d-summary": "测速值班记录"}, back=True)
    await watch.quiet()
    figures["letter"] = await _fill_and_save(app, watch, ["f5"], {
        "#f-sender-name": f"测速{run}", "#f-sender-phone": "13800138000", "#f-subject": "测速来信"}, back=False)
    await watch.press("escape", lambda: True)  # the letter's record closed
    await watch.quiet()
    return figures


async def _fill_and_save(app, watch: Stopwatch, keys: list[str], values: dict[str, str], *,
                         back: bool) -> tuple[float, float]:
    """The form the keys open, filled, then Ctrl+S until the screen after it (``back``:
    the one the form was opened from) is painted."""
    for key in keys:
        opened_from = app.screen
        await watch.press(key, lambda: True)
    if back:  # a dialog: up once it is the screen
        await watch.until(lambda: app.screen is not opened_from, what="dialog")
    form = app.screen
    for selector, value in values.items():
        form.query_one(selector).value = value
    await watch.quiet(app.timing.draft + 0.2)
    if back:
        return await watch.press("ctrl+s", lambda: app.screen is opened_from, what="saved")
    return await watch.press("ctrl+s", lambda: app.screen is not form, what="saved")


async def _screens_and_saves(path: Path) -> dict:
    """What an operator meets at the desk, timed in the app (see ``Stopwatch``), medians of
    SCREEN_RUNS fresh apps with the office's usual delays: sign-in answered to the home screen
    painted with its figures; each main screen's key to it painted with its data, the first
    time (after the desk was prepared in the background, if the app does that) and again;
    Ctrl+S to a visit, a duty entry and a letter saved and the next screen painted, the first
    save of each in the app and the next one (warm); a key in
    a form field to its echo; an unbound key (the harness's own overhead)."""
    from frontdesk.config import Settings
    from frontdesk.store import Store, system_clock
    from frontdesk.tui.app import make_app

    store = Store.open(path)
    actor = store.operators.authenticate("admin", PASSWORD)
    # (wall, CPU) milliseconds per measure
    first: dict[str, list[tuple[float, float]]] = {name: [] for name in SCREEN_KEYS}
    again: dict[str, list[tuple[float, float]]] = {name: [] for name in SCREEN_KEYS}
    saved: dict[str, list[tuple[float, float]]] = {"visit": [], "duty entry": [], "letter": []}
    saved_again: dict[str, list[tuple[float, float]]] = {name: [] for name in saved}
    echo: dict[str, list[tuple[float, float]]] = {"visit 姓名": [], "letter 姓名/名称": []}
    signed_in, prepared, empty = [], [], []
    for run in range(SCREEN_RUNS):
        for form in ("visit", "letter", "duty"):  # a form left half-typed is offered back: not here
            store.drafts.discard(actor, form)
        app = make_app(store, Settings(), system_clock)
        # As the ``frontdesk`` command starts it: the collector held back until the first frame.
        gc.collect()
        gc.disable()
        async with app.run_test(size=(100, 30)):
            watch = Stopwatch(app)
            await watch.quiet()
            watch.begun = time.perf_counter()
            app.open_desk(actor, "home")
            done = await watch.until(lambda app=app: app.current_mode == "home", what="home")
            signed_in.append((done - watch.begun) * 1000)
            # The desk's screens, prepared in the background after sign-in (where the app does).
            ready = getattr(app, "desk_prepared", None)
            if ready is not None:
                began = watch.begun
                await asyncio.wait_for(ready.wait(), 60)
                prepared.append((time.perf_counter() - began) * 1000)
            await watch.quiet()
            # A key bound to nothing: how long the stopwatch takes to see the app settled.
            await watch.press("f12", lambda: True, what="nothing")
            empty.append(((watch.detected - watch.begun) * 1000, 0.0))
            for times in (first, again):
                for name, key in SCREEN_KEYS.items():
                    if name == "home" and times is first:
                        continue  # shown at sign-in
                    times[name].append(await watch.press(
                        key, lambda app=app, name=name: app.current_mode == name, what=name))
                    await watch.quiet()
            # Keystroke to echo: a steady typist in the visit form's 姓名 and the letter form's sender.
            for label, key, field in (("visit 姓名", "f3", ".v-name"), ("letter 姓名/名称", "f5", "#f-sender-name")):
                await watch.press(key, lambda: True)
                form = app.screen
                widget = form.query_one(field)
                widget.focus()
                await watch.quiet()
                for index, character in enumerate(ECHO_KEYS):
                    typed = ECHO_KEYS[:index + 1]
                    echo[label].append(await watch.press(
                        character, lambda widget=widget, typed=typed: widget.value.endswith(typed), what=label))
                    await asyncio.sleep(ECHO_PACE)
                widget.value = ""
                await watch.quiet(app.timing.draft + 0.2)
            # The saves: the first of the app, then the same again once it is warm.
            for times, turn in ((saved, 1), (saved_again, 2)):
                for name, figure in (await _save_each(app, watch, run, turn)).items():
                    times[name].append(figure)
        gc.unfreeze()
        gc.enable()
    store.close()
    median = statistics.median

    def medians(figures: dict[str, list[tuple[float, float]]], part: int) -> dict[str, float]:
        return {name: median(pair[part] for pair in pairs) for name, pairs in figures.items() if pairs}

    return {"sign_in_to_home_median_ms": median(signed_in),
            "desk_prepared_median_ms": median(prepared) if prepared else None,
            "empty_key_median_ms": median(pair[0] for pair in empty),
            "open_screen_median_ms": medians(first, 0), "open_screen_cpu_median_ms": medians(first, 1),
            "open_again_median_ms": medians(again, 0), "open_again_cpu_median_ms": medians(again, 1),
            "save_median_ms": medians(saved, 0), "save_cpu_median_ms": medians(saved, 1),
            "save_again_median_ms": medians(saved_again, 0), "save_again_cpu_median_ms": medians(saved_again, 1),
            "echo_median_ms": medians(echo, 0), "echo_cpu_median_ms": medians(echo, 1),
            "load_average": os.getloadavg()[0], "screen_runs": SCREEN_RUNS}


# The ``frontdesk`` command as installed (frontdesk.start.main, whose first step
# is holding back the garbage collector), leaving when the first frame is shown.
START_OURS = """
import gc; gc.disable()
import sys
import frontdesk.tui.app as app_module
app_module.FrontdeskApp.on_ready = lambda app: app.exit(type(app.screen).__name__)
run = app_module.FrontdeskApp.run
def headless(app, **options):
    shown = run(app, headless=True)
    assert shown == "LoginScreen", shown
app_module.FrontdeskApp.run = headless
sys.argv = ["frontdesk", "--db", sys.argv[1]]
from frontdesk.start import main
main()
"""
START_EMPTY = """
from textual.app import App
from textual.widgets import Footer, Header
class Empty(App):
    def compose(self):
        yield Header()
        yield Footer()
    def on_ready(self):
        self.exit()
Empty().run(headless=True)
"""
START_RUNS = 15


def measure_start() -> dict:
    """Start to the first frame of the login screen (Textual's Ready event), as
    fresh processes taking turns with an empty Textual app; medians."""
    db = RESULTS / "start.db"
    if not db.exists():
        RESULTS.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "FRONTDESK_PASSWORD": PASSWORD}
        subprocess.run([sys.executable, "-m", "frontdesk", "--db", str(db), "init", "--admin", "admin"],
                       env=env, check=True, capture_output=True)
    # As installed: compiled modules are kept (a first run writes them), which
    # PYTHONDONTWRITEBYTECODE in a shell would forbid for us but not for Textual.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["FRONTDESK_CACHE"] = str(RESULTS / "cache")  # the drawn banner, kept with the results
    times: dict[str, list[float]] = {"frontdesk": [], "empty textual app": []}
    for attempt in range(START_RUNS + 1):
        for name, code in (("frontdesk", START_OURS), ("empty textual app", START_EMPTY)):
            begun = time.perf_counter()
            subprocess.run([sys.executable, "-c", code, str(db)], check=True, capture_output=True, env=env)
            if attempt:  # the first run writes the compiled modules and the banner
                times[name].append((time.perf_counter() - begun) * 1000)
    figures = {name: statistics.median(values) for name, values in times.items()}
    figures["ratio"] = figures["frontdesk"] / figures["empty textual app"]
    figures["runs"] = START_RUNS
    return figures


def measure_memory(path: Path) -> float:
    """Peak resident memory (MB) of the app with the database open and one lookup done."""
    code = ("import asyncio, sys\n"
            "from frontdesk.store import Store, system_clock\nfrom frontdesk.config import Settings\n"
            "from frontdesk.tui.app import make_app\n"
            "s=Store.open(sys.argv[1]); op=s.operators.authenticate('admin', sys.argv[2])\n"
            "app=make_app(s, Settings(), system_clock)\n"
            "async def go():\n"
            "    async with app.run_test(size=(100,30)) as p:\n"
            "        app.open_desk(op, 'lookup'); await p.pause()\n"
            "        app.screen.query_one('#lookup-query').value='zs'; await p.pause(0.5)\n"
            "        await app.workers.wait_for_complete(); await p.pause()\n"
            "asyncio.run(go())\n"
            # VmHWM, not ru_maxrss: on Linux a child's ru_maxrss keeps the parent's peak
            # from before the exec, so it would count this benchmark's own memory.
            "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')))")
    out = subprocess.run([sys.executable, "-c", code, str(path), PASSWORD], check=True,
                         capture_output=True, text=True).stdout
    return int(out.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    args = parser.parse_args()
    results: dict = {"run_at": datetime.now().isoformat(timespec="seconds"), "sizes": {}}
    for size in args.sizes:
        path = build(size)
        figures = measure_lookups(path)
        figures["report_build_ms"] = measure_report(path)
        figures.update(asyncio.run(_keystrokes(path)))
        figures.update(asyncio.run(_screens_and_saves(path)))
        figures["peak_memory_mb"] = measure_memory(path)
        results["sizes"][str(size)] = figures
    results["start"] = measure_start()
    print_table(results, args.sizes)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"bench-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\nwritten to {out.relative_to(ROOT)}")


def print_table(results: dict, sizes: list[int]) -> None:
    small, large = str(min(sizes)), str(max(sizes))
    by_size = results["sizes"]
    print("\nlookup per query (ms; hits: median records per answer)"
          + "".join(f"{int(s):>12,} med {'p95':>6} {'hits':>5}" for s in sizes)
          + ("   ratio p95" if len(sizes) > 1 else ""))
    for kind in by_size[small]["lookup"]:
        row = f"  {kind:<52}"
        for size in sizes:
            figure = by_size[str(size)]["lookup"][kind]
            row += f"{figure['median_ms']:>16.2f} {figure['p95_ms']:>6.2f} {figure.get('median_hits', 0):>5.0f}"
        if len(sizes) > 1:
            ratio = by_size[large]["lookup"][kind]["p95_ms"] / max(by_size[small]["lookup"][kind]["p95_ms"], 1e-6)
            row += f"   {ratio:>9.2f}"
        print(row)
    for key, label in (("keystroke_to_painted_median_ms", "keystroke to painted, median (ms)"),
                       ("after_typing_pause_median_ms", "  of which after the typing pause (ms)"),
                       ("report_build_ms", "24-hour report build, median (ms)"),
                       ("peak_memory_mb", "peak memory, app open (MB)"),
                       ("index_catch_up_s", "index catch-up on first open (s)")):
        values = [by_size[str(s)].get(key) for s in sizes]
        print(f"{label:<56}" + "".join(f"{v:>29.1f}" if isinstance(v, (int, float)) else f"{'-':>29}"
                                       for v in values))
    for key, label in (("sign_in_to_home_median_ms", "sign-in answered to home painted (ms)"),
                       ("desk_prepared_median_ms", "desk prepared in the background after (ms)"),
                       ("empty_key_median_ms", "stopwatch's own delay, unbound key (ms)")):
        values = [by_size[str(s)].get(key) for s in sizes]
        print(f"{label:<56}" + "".join(f"{v:>29.1f}" if isinstance(v, (int, float)) else f"{'-':>29}"
                                       for v in values))
    for group, label in GROUPS:
        for name in by_size[small].get(f"{group}_median_ms", {}):
            cells = ""
            for size in sizes:
                figures = by_size[str(size)]
                wall = figures.get(f"{group}_median_ms", {}).get(name)
                cpu = figures.get(f"{group}_cpu_median_ms", {}).get(name)
                cells += f"{wall:>20.1f} cpu {cpu:>5.0f}" if isinstance(wall, (int, float)) else f"{'-':>29}"
            print(f"{label + ': ' + name + ', median (ms)':<56}" + cells)
    print("load average: " + ", ".join(f"{by_size[str(s)].get('load_average', 0):.1f}" for s in sizes)
          + " (wall times include the time other programs had the processors)")
    start = results["start"]
    print(f"start to first screen: frontdesk {start['frontdesk']:.0f} ms, empty Textual app "
          f"{start['empty textual app']:.0f} ms, ratio {start['ratio']:.2f}")


if __name__ == "__main__":
    main()
