"""A PDF render never takes the live board's share (issue 15, point 4).

The renderer child runs on another core than the server's, niced and
SCHED_BATCH (read back from ``/proc``); renders take turns, one at a time per
server process; a room of phones asking at once for the day's report causes
one render; and building a 2000-card report's data and HTML in the server
hands the event loop back every few milliseconds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from openspace.documents import documents_of, pdf, pdf_worker

from .helpers import base, bearer, card_body, count_report_renders, join

ROOT = Path(__file__).resolve().parent.parent
SCHED_BATCH = 3


def proc_fields(pid: int) -> list[str]:
    """Return the fields of ``/proc/<pid>/stat`` after the command name (field 3 first)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def allowed_cpus(pid: int) -> set[int]:
    """Return the cores a process may run on, from ``/proc/<pid>/status``."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Cpus_allowed_list:"):
            return pdf.parse_cpu_list(line.split(":", 1)[1])
    raise AssertionError("no Cpus_allowed_list")


def test_renders_go_to_the_cores_the_server_is_not_pinned_to():
    assert pdf.render_cpus("auto", server={0}, machine={0, 1}) == {1}
    assert pdf.render_cpus("auto", server={0, 1}, machine={0, 1, 2, 3}) == {2, 3}
    # An unpinned server keeps every core but one; the render gets that one.
    assert pdf.render_cpus("auto", server={0, 1}, machine={0, 1}) == {1}
    assert pdf.render_cpus("auto", server={0}, machine={0}) is None
    assert pdf.render_cpus("off", server={0}, machine={0, 1}) is None
    assert pdf.render_cpus("2-3,5", server={0}, machine={0, 1}) == {2, 3, 5}
    assert pdf.worker_command(True, {1, 3})[-3:] == ["--spare", "--cpus", "1,3"]
    assert pdf_worker.cpus_argument(["--spare", "--cpus", "1,3"]) == {1, 3}
    assert pdf_worker.cpus_argument(["--cpus", "x"]) is None


def test_the_renderer_runs_niced_as_a_batch_job_on_another_core():
    machine = pdf.machine_cpus()
    if len(machine) < 2 or len(os.sched_getaffinity(0)) < 1:
        pytest.skip("one core: there is no other core to render on")
    mine = os.sched_getaffinity(0)
    server_core = min(machine)
    os.sched_setaffinity(0, {server_core})  # as `taskset -c 0 run.py`
    try:
        workers = pdf.PdfWorkers(keep_spare=True)
        workers.warm_up()
    finally:
        os.sched_setaffinity(0, mine)
    try:
        child = workers._spare[0]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            fields = proc_fields(child.pid)
            if (int(fields[16]), int(fields[38])) == (pdf_worker.RENDER_NICENESS, SCHED_BATCH):
                break
            time.sleep(0.05)
        assert int(fields[16]) == pdf_worker.RENDER_NICENESS  # nice, field 19
        assert int(fields[38]) == SCHED_BATCH  # policy, field 41
        assert allowed_cpus(child.pid) == machine - {server_core}
        assert server_core not in allowed_cpus(child.pid)
        # And it renders there.
        assert workers.html_to_pdf("<p>Hej æøå</p>", language="da").startswith(b"%PDF-")
    finally:
        workers.close()


FAKE_RENDERER = textwrap.dedent("""
    import sys, time
    sys.stdin.buffer.read()
    with open(sys.argv[1], "a") as log:
        log.write(f"start {time.monotonic()}\\n")
    time.sleep(0.4)
    with open(sys.argv[1], "a") as log:
        log.write(f"end {time.monotonic()}\\n")
    sys.stdout.buffer.write(b"%PDF-1.7 fake")
""")


def test_renders_take_turns_one_at_a_time(tmp_path):
    log = tmp_path / "renders.log"
    workers = pdf.PdfWorkers(keep_spare=False, command=lambda spare=False: [
        sys.executable, "-c", FAKE_RENDERER, str(log)])
    results = []
    threads = [threading.Thread(target=lambda: results.append(workers.html_to_pdf("<p>x</p>")))
               for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [b"%PDF-1.7 fake"] * 3
    marks = [line.split() for line in log.read_text().splitlines()]
    # Never two starts in a row: each render ended before the next began.
    assert [kind for kind, _ in marks] == ["start", "end"] * 3
    times = [float(at) for _, at in marks]
    assert times == sorted(times)


def test_the_app_renders_one_at_a_time(app):
    assert documents_of(app).workers._slots._value == 1


def test_phones_asking_for_the_report_at_the_same_moment_cause_one_render(app, client,
                                                                          workshop,
                                                                          monkeypatch):
    renders = count_report_renders(app, monkeypatch, pause=0.5)
    response = client.post(base(workshop) + "/cards", headers=bearer(
        workshop["facilitator_token"]), json=card_body(workshop, "a", text="Lektiecafé"))
    assert response.status_code == 201
    phones = [join(client, workshop, device=f"device-{n:02d}-phone")["token"] for n in range(12)]
    answers = []

    def ask(token):
        """Download the report as one phone."""
        with app.test_client() as own:
            answers.append(own.get(base(workshop) + "/report.pdf", headers=bearer(token)))

    threads = [threading.Thread(target=ask, args=(token,)) for token in phones]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [200] * len(phones)
    assert len({a.data for a in answers}) == 1
    assert len(renders) == 1


def test_building_a_big_report_hands_the_event_loop_back(tmp_path):
    """The report's data and HTML of 1500 cards, under eventlet: a ticker keeps ticking."""
    script = textwrap.dedent(f"""
        import eventlet; eventlet.monkey_patch()
        import gc, json, sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from openspace import create_app
        from openspace.documents import documents_of, views
        from openspace.services.plenaries import report_data
        from tests.helpers import build_board, get_db_of
        app = create_app({{"TESTING": True, "INSTANCE_PATH": {str(tmp_path / "instance")!r},
                          "ADMIN_TOKEN": "t" * 32, "PUBLIC_URL": "http://venue.test",
                          "ASYNC_MODE": "eventlet", "PDF_SPARE": False}})
        database, documents = get_db_of(app), documents_of(app)
        board = build_board(database, people=1, card_count=1500)
        gc.disable()  # a collection is one block whatever the code does
        # CPU time, not wall time: on a shared machine the kernel parks the whole
        # process now and then, which no code of ours can help.
        clock = time.process_time
        gaps, last, done = [], [clock()], [False]
        def tick():
            while not done[0]:
                eventlet.sleep(0.001)
                now = clock()
                gaps.append(now - last[0])
                last[0] = now
        eventlet.spawn(tick)
        eventlet.sleep(0.01)
        def build():
            with database.read() as session:
                report = report_data(session, board.workshop_id, "http://venue.test")
            return documents.html("pdf/report.html", "da", r=views.report_view(report),
                                  qr_svg="", chart_svgs={{}}, day_chart_svg="")
        build()  # warm: templates compiled (once per server), statements cached
        eventlet.sleep(0.01)
        gaps.clear()
        started = clock()
        html = build()
        took = clock() - started
        eventlet.sleep(0.005)
        done[0] = True
        print(json.dumps({{"took": took, "max_gap": max(gaps), "cards": html.count("<li")}}))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=240, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["cards"] >= 1500
    # Unpaced, the whole build is one block (max_gap ≈ took); paced, a slice of it.
    assert result["max_gap"] < result["took"] / 2, result
