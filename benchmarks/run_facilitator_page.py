"""The facilitator page at a real day's load (300 cards), on a phone with a 4x slower CPU.

    /work/venv/bin/python benchmarks/run_facilitator_page.py [--root OTHER_CHECKOUT] [--out FILE]

Starts ``run.py`` (eventlet) on the loopback, fills it with ``realday.py`` (300 cards from
40 participants, supports, "Jeg er med", comments, links, two plenaries), turns
pre-moderation on and opens the facilitator page in headless Chromium at 360x740 with
``Emulation.setCPUThrottlingRate`` 4. Measures:

- first paint: the browser's first contentful paint, and "cards painted": from navigation
  until every card is in the page and a frame has been drawn;
- approval: a participant's card waits in the queue; click "Approve" -> the card is in its
  theme on the board (a MutationObserver in the page), median of a few.

``--root`` runs another checkout's ``run.py`` (the code before, for a ratio).
``--compare OTHER_CHECKOUT`` runs both at once, each on its own server with its own
realday.py board, and alternates their page loads (this one, the other, this one …) in one
browser: on a machine shared with others' tests the load then weighs on both alike, and
the result holds both medians and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from servers import ADMIN_TOKEN, ROOT, Server  # noqa: E402

REALDAY = Path(os.environ.get("OPENSPACE_REALDAY", ROOT.parent / "shared/tools/realday.py"))
CHROMIUM = os.environ.get("OPENSPACE_CHROMIUM", "/usr/bin/chromium")
PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "is_mobile": True,
         "device_scale_factor": 2}

WAIT_ALL_CARDS = """(n) => document.querySelectorAll('#app li.card[data-id]').length >= n"""
LOAD_TIMES = """(wid) => new Promise((resolve) => requestAnimationFrame(() => {
  const painted = performance.now();
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const get = performance.getEntriesByType('resource')
    .filter(r => r.name.endsWith('/api/v1/workshops/' + wid))[0];
  resolve({first_contentful_paint: fcp ? fcp.startTime : 0, cards_painted: painted,
           board_asked: get.requestStart, board_received: get.responseEnd,
           render_after_answer: painted - get.responseEnd});
}))"""
APPROVE = """(id) => new Promise((resolve) => {
  const t0 = performance.now();
  const done = () => {
    const li = document.querySelector('#themes li.card[data-id="' + id + '"]');
    if (!li) return false;
    requestAnimationFrame(() => resolve(performance.now() - t0));
    return true;
  };
  const obs = new MutationObserver(() => { if (done()) obs.disconnect(); });
  obs.observe(document.getElementById('app'), {childList: true, subtree: true});
  document.querySelector('#queue-list [data-action="approve"][data-id="' + id + '"]').click();
})"""


def fill(server: Server, cards: int) -> dict:
    """Run realday.py against the server; return the workshop's ids and links."""
    out = subprocess.run([sys.executable, str(REALDAY), "--url", server.url, "--admin-token",
                          ADMIN_TOKEN, "--cards", str(cards)], check=True, capture_output=True,
                         text=True).stdout
    fac = re.search(r"Facilitator:\s*(\S+)", out).group(1)
    wid = re.search(r"/f/([^/#]+)", fac).group(1)
    token = fac.split("#", 1)[1].split("=", 1)[-1]
    join = re.search(r"Join:\s*(\S+)", out).group(1)
    return {"facilitator_url": fac, "workshop_id": wid, "token": token,
            "join_code": join.rstrip("/").rsplit("/", 1)[-1]}


def prepare(server: Server, info: dict) -> dict:
    """Turn pre-moderation on and add a phone; return what the page loads need."""
    base = f"/api/v1/workshops/{info['workshop_id']}"
    total = len(server.api("GET", base, info["token"]).json()["cards"])
    server.api("PATCH", base + "/settings", info["token"], json={"premoderation": True})
    themes = server.api("GET", base, info["token"]).json()["themes"]
    phone = server.api("POST", base + "/participants", None,
                       json={"join_code": info["join_code"], "name": "Bench"}).json()
    return {**info, "base": base, "total": total, "themes": themes, "phone": phone}


def throttled_page(context, info: dict):
    """Open the facilitator page with a 4x slower CPU; return it once every card is in."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto(info["facilitator_url"])
    page.wait_for_function(WAIT_ALL_CARDS, arg=info["total"], polling=50)
    return page


def load_once(context, info: dict) -> dict:
    """Open the page once; return its load timings."""
    page = throttled_page(context, info)
    timings = page.evaluate(LOAD_TIMES, info["workshop_id"])
    page.close()
    return timings


def approvals_of(context, server: Server, info: dict, approvals: int) -> list[float]:
    """Approve ``approvals`` waiting cards one by one; return each one's time in ms."""
    page = throttled_page(context, info)
    times = []
    for i in range(approvals):
        card = server.api("POST", info["base"] + "/cards", info["phone"]["token"], json={
            "client_id": str(uuid.uuid4()), "kind": "idea",
            "theme_id": info["themes"][i % len(info["themes"])]["id"],
            "text": f"Et kort der venter på godkendelse nr. {i}"}).json()
        page.wait_for_selector(f'#queue-list [data-action="approve"][data-id="{card["id"]}"]')
        page.wait_for_timeout(300)
        times.append(page.evaluate(APPROVE, card["id"]))
    page.close()
    return times


def summary(info: dict, loads: list[dict], times: list[float]) -> dict:
    """Return the medians of the page loads and the approvals."""
    medians = {name: round(statistics.median(load[name] for load in loads), 1) for name in loads[0]}
    return {"cards": info["total"], "page_loads": len(loads),
            **{name + "_ms": value for name, value in medians.items()},
            "approval_ms": [round(t, 1) for t in times],
            "approval_median_ms": round(statistics.median(times), 1)}


def measure(server: Server, info: dict, approvals: int, trials: int) -> dict:
    """Open the facilitator page throttled ``trials`` times; return median timings in ms."""
    return measure_alternating([(server, info)], approvals, trials)[0]


def measure_alternating(runs: list[tuple[Server, dict]], approvals: int,
                        trials: int) -> list[dict]:
    """Load each run's page in turn, ``trials`` rounds, in one browser; return each summary."""
    from playwright.sync_api import sync_playwright

    ready = [(server, prepare(server, info)) for server, info in runs]
    loads: list[list[dict]] = [[] for _ in ready]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(**PHONE)
        context.set_default_timeout(120_000)
        for _ in range(trials):
            for n, (_server, info) in enumerate(ready):
                loads[n].append(load_once(context, info))
        times = [approvals_of(context, server, info, approvals) for server, info in ready]
        browser.close()
    return [summary(info, loads[n], times[n]) for n, (_server, info) in enumerate(ready)]


def uptime() -> str:
    """Return the machine's load averages (others' tests share it)."""
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def compare(args) -> dict:
    """Measure this checkout and ``args.compare`` alternately; return both and the ratios."""
    with tempfile.TemporaryDirectory() as tmp:
        servers = [Server("openspace", "eventlet", Path(tmp) / name, root=root)
                   for name, root in (("after", args.root), ("before", args.compare))]
        for server in servers:
            server.start()
        try:
            infos = [fill(server, args.cards) for server in servers]
            started = uptime()
            after, before = measure_alternating(list(zip(servers, infos, strict=True)),
                                                args.approvals, args.trials)
        finally:
            for server in servers:
                server.stop()
    ratios = {key: round(after[key] / before[key], 2) for key in after
              if key.endswith("_ms") and isinstance(after[key], float) and before[key]}
    return {"after": {**after, "root": str(args.root)},
            "before": {**before, "root": str(args.compare)},
            "after_over_before": ratios, "uptime_start": started, "uptime_end": uptime()}


def main() -> None:
    """Measure, print and write the result."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=ROOT, help="checkout whose run.py to measure")
    ap.add_argument("--cards", type=int, default=300)
    ap.add_argument("--approvals", type=int, default=5)
    ap.add_argument("--trials", type=int, default=5, help="page loads (medians are kept)")
    ap.add_argument("--out", type=Path, help="write the result as JSON here")
    ap.add_argument("--compare", type=Path, help="another checkout, measured alternately")
    args = ap.parse_args()
    if args.compare:
        result = compare(args)
        result.update({"cpu_throttling": 4, "viewport": "360x740"})
        print(json.dumps(result, indent=2))
        if args.out:
            args.out.write_text(json.dumps(result, indent=2) + "\n")
        return
    with tempfile.TemporaryDirectory() as tmp:
        server = Server("openspace", "eventlet", Path(tmp) / "instance", root=args.root)
        server.start()
        try:
            result = measure(server, fill(server, args.cards), args.approvals, args.trials)
        finally:
            server.stop()
    result.update({"root": str(args.root), "cpu_throttling": 4, "viewport": "360x740"})
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
