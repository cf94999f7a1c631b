"""tracemalloc for the benchmarked ``run.py``, imported by Python at start-up.

Only when ``benchmarks/tracing`` is on ``PYTHONPATH`` (``run_memory.py --profile``
puts it there) and ``OPENSPACE_BENCH_TRACEMALLOC`` names a folder: then a
process started as ``run.py`` (or the bare ``reference_server.py``) starts
tracing its allocations at its first ``SIGUSR1`` (not earlier: tracing the
start-up would slow it past the benchmark's patience), and each ``SIGUSR1``
writes a snapshot to
``<folder>/snapshot-<n>.pickle`` (renamed into place when complete): the
second one holds what was allocated since the first and is still alive.
Every other process (the PDF child too) is left alone.
"""

import os
import sys

_FOLDER = os.environ.get("OPENSPACE_BENCH_TRACEMALLOC")

if _FOLDER and sys.argv and sys.argv[0].endswith(("run.py", "reference_server.py")):
    import gc
    import itertools
    import signal
    import tracemalloc

    _numbers = itertools.count(1)

    def _dump(signum, frame):
        """Collect the garbage, then write a snapshot of what is still allocated."""
        gc.collect()
        if not tracemalloc.is_tracing():
            tracemalloc.start(int(os.environ.get("OPENSPACE_BENCH_TRACEMALLOC_FRAMES", "12")))
        path = os.path.join(_FOLDER, f"snapshot-{next(_numbers)}.pickle")
        tracemalloc.take_snapshot().dump(path + ".part")
        os.replace(path + ".part", path)

    signal.signal(signal.SIGUSR1, _dump)
