"""``frontdesk serve`` measured through a real browser (Debian's chromium, headless,
driven by Playwright; never a downloaded browser).

    .venv/bin/python benchmarks/served.py                    # 1, 4 and 8 sessions
    .venv/bin/python benchmarks/served.py --sessions 1 8 --keys 60
    sudo .venv/bin/python benchmarks/served.py --nice -10      # on a machine shared with other work

On a fresh database with one reception operator per session:

- time from opening the page to the sign-in screen in its terminal (fresh tabs
  one after another, each closed before the next, each opened once the app
  process the server keeps ready for the next tab is up);
- memory per served session: the proportional set size (PSS: shared pages
  split among the processes that share them) of each tab's ``frontdesk``
  process, signed in with the visit form open, and the host's memory for all of
  them with the server (the browsers' memory is the office PCs', not counted);
- keystroke to echo through the browser with 1, 4 and 8 sessions typing at
  once: each tab types into the visit form's name field (or, with
  ``--field subject``, the matter's subject), a key every
  ``--gap`` ms; a key is timed from the terminal sending it (xterm's ``input``,
  the path a key press takes after the browser's keydown) to the character in
  the terminal's buffer (drawn at the next frame).

The browser runs on the same machine as the server, so the figures include its
rendering; at the office each browser is on its own PC. Results are printed
and written as JSON under ``benchmarks/results/``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
CHROMIUM = Path(os.environ.get("FRONTDESK_CHROMIUM", "/usr/bin/chromium"))
FRONTDESK = str(Path(sys.executable).parent / "frontdesk")
ADMIN_PASSWORD = "bench-admin-1"
DESK_PASSWORD = "bench-desk-1"
SPARE_START_SECONDS = 3.0
"""Time given to a new spare process to reach its first screen."""
BROWSER_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Every tab types at once: none is slowed down for being in the background.
    "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]

SHOWS = """(text) => {
  const term = document.getElementById('terminal').terminal;
  if (!term) return false;
  for (let y = 0; y < term.rows; y++) {
    if (term.buffer.active.getLine(y).translateToString().includes(text)) return true;
  }
  return false;
}"""

TYPE = """async ({count, gap, start}) => {
  const term = document.getElementById('terminal').terminal;
  const shows = (text) => {
    for (let y = 0; y < term.rows; y++) {
      if (term.buffer.active.getLine(y).translateToString().includes(text)) return true;
    }
    return false;
  };
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const times = [];
  let typed = '';
  for (let i = 0; i < count; i++) {
    const ch = letters[(start + i) % 26];
    typed += ch;
    const want = typed.slice(-6);
    const t0 = performance.now();
    await new Promise((resolve) => {
      const sub = term.onWriteParsed(() => {
        if (shows(want)) { sub.dispose(); resolve(); }
      });
      term.input(ch, true);
    });
    times.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, gap));
  }
  return times;
}"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _pss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _cpu(server_pid: int, profile: str) -> tuple[float, float, float]:
    """CPU seconds used so far by (the server and its app processes, the browser's
    processes, the server alone: the relay between the websockets and the apps)."""
    tick = os.sysconf("SC_CLK_TCK")

    def used(pid: int) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / tick

    ours = [server_pid, *_children(server_pid)]
    browser = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if profile.encode() in (entry / "cmdline").read_bytes():
                    browser.append(int(entry.name))
            except OSError:
                continue
    return sum(map(used, ours)), sum(map(used, browser)), used(server_pid)


def _started(pid: int) -> int:
    """When the process started (clock ticks after boot)."""
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])


def _children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


async def _spare_ready(server_pid: int, seen: set[int]) -> None:
    """Wait until the server runs only a spare process (none of ``seen``), started a while ago."""
    while True:
        children = _children(server_pid)
        if len(children) == 1 and children[0] not in seen:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(SPARE_START_SECONDS)


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def prepare(folder: Path, sessions: int) -> tuple[Path, dict[str, str]]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("FRONTDESK_")},
        "FRONTDESK_CONFIG": str(folder / "settings.toml"),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "XDG_DATA_HOME": str(folder / "data"),
        "FRONTDESK_LANG": "zh",
    }
    db = folder / "office.db"
    subprocess.run([FRONTDESK, "--db", str(db), "init", "--admin", "admin"], check=True, capture_output=True,
                   env={**env, "FRONTDESK_PASSWORD": ADMIN_PASSWORD})
    for n in range(1, sessions + 1):
        subprocess.run([FRONTDESK, "--db", str(db), "operator", "add", f"desk{n}", "--role", "reception",
                        "--display-name", f"接访员{n}"], check=True, capture_output=True, input=f"{DESK_PASSWORD}\n",
                       text=True, env={**env, "FRONTDESK_OPERATOR": "admin", "FRONTDESK_PASSWORD": ADMIN_PASSWORD})
    return db, env


async def measure(url: str, server_pid: int, sessions: list[int], keys: int, gap: int, opens: int,
                  field: str) -> dict:
    from playwright.async_api import async_playwright

    result: dict = {}
    async with async_playwright() as playwright:
        profile = tempfile.mkdtemp(prefix="frontdesk-bench-profile-")
        context = await playwright.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM),
            args=BROWSER_ARGS, headless=True, viewport={"width": 1280, "height": 800},
        )
        try:
            # Page to sign-in screen, fresh tabs.
            # The server keeps one app process ready for the next tab; each tab
            # here opens once the spare started after the previous one is up.
            times = []
            for _ in range(opens):
                await _spare_ready(server_pid, seen=set())
                seen = set(_children(server_pid))
                page = await context.new_page()
                started = time.perf_counter()
                await page.goto(url)
                await page.wait_for_function(SHOWS, arg="操作员登录", timeout=60_000)
                times.append(time.perf_counter() - started)
                await page.close()
                await _spare_ready(server_pid, seen)
            result["page_to_sign_in_s"] = {"median": statistics.median(times), "max": max(times), "all": times}

            # Every session signed in with the visit form open.
            most = max(sessions)
            pages = []
            for n in range(1, most + 1):
                page = await context.new_page()
                await page.goto(url)
                await page.wait_for_function(SHOWS, arg="操作员登录", timeout=60_000)
                await page.click("#terminal")
                await page.keyboard.type(f"desk{n}")
                await page.keyboard.press("Enter")
                await page.keyboard.type(DESK_PASSWORD)
                await page.keyboard.press("Enter")
                await page.wait_for_function(SHOWS, arg=f"接访员{n}（接访员）", timeout=60_000)
                await page.keyboard.press("F3")
                await page.wait_for_function(SHOWS, arg="来访人 1", timeout=60_000)
                if field == "subject":
                    await page.keyboard.press("Alt+2")
                pages.append(page)
            await asyncio.sleep(3)  # the desk prepared in the background after sign-in
            # The youngest child is the spare, started after the last tab took one.
            children = sorted(_children(server_pid), key=_started)
            tabs, spare = children[:most], children[most:]
            pss = [_pss_kb(pid) for pid in tabs]
            rss = [_rss_kb(pid) for pid in tabs]
            spare_pss = sum(_pss_kb(pid) for pid in spare)
            result["memory"] = {
                "sessions": len(tabs),
                "per_session_pss_mb": statistics.mean(pss) / 1024,
                "per_session_rss_mb": statistics.mean(rss) / 1024,
                "server_pss_mb": _pss_kb(server_pid) / 1024,
                "spare_pss_mb": spare_pss / 1024,
                "host_pss_mb": (sum(pss) + _pss_kb(server_pid) + spare_pss) / 1024,
            }

            # Keystroke to echo, n sessions typing at once.
            echo = {}
            for count in sessions:
                load_before = os.getloadavg()[0]
                cpu_before, wall_before = _cpu(server_pid, profile), time.perf_counter()
                runs = await asyncio.gather(*(
                    page.evaluate(TYPE, {"count": keys, "gap": gap, "start": 7 * i})
                    for i, page in enumerate(pages[:count])
                ))
                cpu_after, wall = _cpu(server_pid, profile), time.perf_counter() - wall_before
                latencies = [ms for run in runs for ms in run]
                frontdesk_cpu = cpu_after[0] - cpu_before[0]
                echo[count] = {"p50_ms": _quantile(latencies, 0.5), "p95_ms": _quantile(latencies, 0.95),
                               "max_ms": max(latencies), "keys": len(latencies), "seconds": wall,
                               "cpu_frontdesk_s": frontdesk_cpu,
                               "cpu_server_s": cpu_after[2] - cpu_before[2],
                               "cpu_browser_s": cpu_after[1] - cpu_before[1],
                               "cpu_frontdesk_ms_per_key": 1000 * frontdesk_cpu / len(latencies),
                               "load_average": [load_before, os.getloadavg()[0]]}
                for page in pages[:count]:  # an empty field for the next round
                    await page.keyboard.press("Control+a")
                    await page.keyboard.press("Backspace")
            result["echo"] = echo
        finally:
            await context.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--keys", type=int, default=40, help="keys each session types per round")
    parser.add_argument("--gap", type=int, default=120, help="ms between one session's keys")
    parser.add_argument("--opens", type=int, default=5, help="fresh tabs timed to the sign-in screen")
    parser.add_argument("--field", choices=["name", "subject"], default="name",
                        help="the field typed into: the visitor's name (looks up earlier visits as it is typed) "
                             "or the matter's subject (no lookup)")
    parser.add_argument("--nice", type=int, default=0,
                        help="niceness for this run, the server and the browser (negative needs root): on a "
                             "machine shared with other work, a host of its own is approached with -10")
    args = parser.parse_args()
    if args.nice:
        os.nice(args.nice)
    if not CHROMIUM.exists():
        sys.exit(f"no {CHROMIUM}: apt-get install -y chromium")
    folder = Path(tempfile.mkdtemp(prefix="frontdesk-served-"))
    db, env = prepare(folder, max(args.sessions))
    port = _free_port()
    log = (folder / "serve.log").open("w")
    server = subprocess.Popen([FRONTDESK, "--db", str(db), "serve", "--port", str(port), "--max-sessions", "16"],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/"
        for _ in range(300):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        result = asyncio.run(measure(url, server.pid, args.sessions, args.keys, args.gap, args.opens, args.field))
    finally:
        server.terminate()
        server.wait(timeout=30)
    result["load_average_after"] = os.getloadavg()
    result["nice"] = args.nice
    result["field"] = args.field
    result["cpus"] = os.cpu_count()
    print(f"page to sign-in screen: median {result['page_to_sign_in_s']['median']:.2f} s, "
          f"max {result['page_to_sign_in_s']['max']:.2f} s")
    memory = result["memory"]
    print(f"memory: {memory['per_session_pss_mb']:.0f} MB PSS per session ({memory['per_session_rss_mb']:.0f} MB RSS); "
          f"server {memory['server_pss_mb']:.0f} MB; spare {memory['spare_pss_mb']:.0f} MB; "
          f"host for {memory['sessions']} sessions {memory['host_pss_mb']:.0f} MB")
    print("sessions typing   keys   p50 ms   p95 ms   max ms   wall s   cpu frontdesk s (server)   "
          "ms/key   cpu browser s   load before/after")
    for count, figures in result["echo"].items():
        print(f"{count:16d} {figures['keys']:6d} {figures['p50_ms']:8.1f} {figures['p95_ms']:8.1f} "
              f"{figures['max_ms']:8.1f} {figures['seconds']:8.1f} {figures['cpu_frontdesk_s']:17.1f} "
              f"({figures['cpu_server_s']:.1f}) {figures['cpu_frontdesk_ms_per_key']:11.1f} "
              f"{figures['cpu_browser_s']:15.1f}   {figures['load_average'][0]:.1f}/{figures['load_average'][1]:.1f}")
    print(f"load average after: {result['load_average_after']}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"served-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"written: {out}")


if __name__ == "__main__":
    main()
