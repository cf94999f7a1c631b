"""Benchmark: "the same idea twice" on a labelled Danish set, and the time per new card.

One command (about half a minute, one core, no network):

    /work/venv/bin/python benchmarks/run_similarity.py     # results/similarity.json, SIMILARITY.md

Quality: ``tests/data/similar_pairs.csv`` holds card pairs written for this
purpose in the style of a municipal workshop on loneliness, inclusion and
community health: duplicates (paraphrases, compounds, inflections, typos) and
near misses (same topic or same words, another idea). Every distinct text of
the set is one card on the board (so word weights come from a board, as on a
real day); a pair counts as found when the score of one card against the
other is at or over the threshold. The rows split in two halves (even rows to
choose the settings, odd rows to check them); precision and recall are given
on both and on the whole set, with a table over thresholds. The held-out set
(``tests/data/similar_pairs_holdout.csv``, scored on a board of its own texts)
is reported apart: it tells how the method does on cards it was not tuned on.

Speed: a board of 2000 cards (the set's texts, and recombinations of their
halves so the board is not 400 texts five times over) is built once; then
``--trials`` new cards are each compared with the board and added to it, the
work the server does for a new card with the features of the board cached.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openspace.services.similarity import (  # noqa: E402
    CONTRAST_FACTOR,
    THRESHOLD,
    SimilarityIndex,
)

PAIRS = ROOT / "tests" / "data" / "similar_pairs.csv"
# Written afterwards on other topics (sport, elderly, culture, school, volunteering) with more
# near misses that differ in who, what or where; neither the threshold nor the contrast
# factor was chosen on it.
HOLDOUT = ROOT / "tests" / "data" / "similar_pairs_holdout.csv"
RESULTS = Path(__file__).resolve().parent / "results"
THRESHOLDS = sorted({round(0.3 + 0.05 * i, 2) for i in range(10)} | {THRESHOLD})


def load_pairs(path: Path = PAIRS) -> list[dict]:
    """Return the labelled pairs: ``text_a``, ``text_b``, ``same`` (bool), ``kind``."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [{**row, "same": row["same"] == "1"} for row in csv.DictReader(handle)]


def score_pairs(pairs: list[dict]) -> list[float]:
    """Return each pair's score, with every distinct text of the set on one board."""
    index = SimilarityIndex()
    keys: dict[str, str] = {}
    for pair in pairs:
        for text in (pair["text_a"], pair["text_b"]):
            keys.setdefault(text, f"c{len(keys)}")
            index.add(keys[text], text)
    return [index.scores(p["text_a"], exclude=keys[p["text_a"]]).get(keys[p["text_b"]], 0.0)
            for p in pairs]


def rates(pairs: list[dict], scores: list[float], threshold: float) -> dict:
    """Return precision, recall and the counts at ``threshold``."""
    tp = sum(1 for p, s in zip(pairs, scores, strict=True) if p["same"] and s >= threshold)
    fp = sum(1 for p, s in zip(pairs, scores, strict=True) if not p["same"] and s >= threshold)
    fn = sum(1 for p, s in zip(pairs, scores, strict=True) if p["same"] and s < threshold)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"threshold": threshold, "precision": round(precision, 3),
            "recall": round(recall, 3), "tp": tp, "fp": fp, "fn": fn, "pairs": len(pairs)}


def board_texts(pairs: list[dict], size: int, rng: random.Random) -> list[str]:
    """Return ``size`` card texts: the set's texts, then recombined halves of them."""
    texts = sorted({t for p in pairs for t in (p["text_a"], p["text_b"])})
    board = list(texts)
    while len(board) < size:
        first, second = rng.choice(texts).split(), rng.choice(texts).split()
        board.append(" ".join(first[: max(1, len(first) // 2)]
                              + second[len(second) // 2:]))
    return board[:size]


def time_new_cards(pairs: list[dict], board_size: int, trials: int) -> dict:
    """Return the time to compare a new card with a board of ``board_size`` and add it."""
    rng = random.Random(17)
    index = SimilarityIndex()
    started = time.perf_counter()
    for n, text in enumerate(board_texts(pairs, board_size, rng)):
        index.add(f"b{n}", text)
    build = time.perf_counter() - started
    newcomers = board_texts(pairs, board_size + trials, random.Random(18))[-trials:]
    # The first question computes the norms of the board's cards (kept afterwards, as the
    # server keeps its index between calls): timed on its own.
    started = time.perf_counter()
    index.similar("Fællesspisning i forsamlingshuset for ensomme ældre")
    cold = (time.perf_counter() - started) * 1000
    times = []
    for n, text in enumerate(newcomers):
        started = time.perf_counter()
        index.similar(text)
        index.add(f"n{n}", text)
        times.append((time.perf_counter() - started) * 1000)
        index.remove(f"n{n}")  # the board stays at board_size for every trial
    times.sort()
    # The facilitator page's live look-up (GET …/cards/{id}/similar when a card is posted or
    # edited): the server brings its cached index in step with the board (``sync`` of every
    # public card's id and text: only the new card's features are computed) and asks about the
    # new card. The database read of the board's ids and texts is not in this figure.
    board = {f"b{n}": text for n, text in enumerate(board_texts(pairs, board_size, rng))}
    index.sync(board)
    live = []
    for n, text in enumerate(newcomers):
        started = time.perf_counter()
        index.sync({**board, f"n{n}": text})
        index.similar(text, exclude=f"n{n}")
        live.append((time.perf_counter() - started) * 1000)
    index.sync(board)
    live.sort()
    return {"board": board_size, "trials": trials, "build_s": round(build, 3),
            "first_query_ms": round(cold, 1),
            "median_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
            "max_ms": round(times[-1], 2),
            "live_median_ms": round(statistics.median(live), 2),
            "live_p95_ms": round(live[int(0.95 * (len(live) - 1))], 2),
            "live_max_ms": round(live[-1], 2)}


def holdout_result() -> dict:
    """Return precision and recall on the held-out set, at the threshold and around it."""
    pairs = load_pairs(HOLDOUT)
    scores = score_pairs(pairs)
    return {"pairs": len(pairs), "positives": sum(p["same"] for p in pairs),
            "at_threshold": rates(pairs, scores, THRESHOLD),
            "table": [rates(pairs, scores, t) for t in (0.6, THRESHOLD, 0.7)]}


def markdown(result: dict) -> str:
    """Return the results as the Markdown committed beside the JSON."""
    lines = ["# Similarity: the same idea twice", "",
             f"Command: `{result['command']}`", "",
             f"Labelled set: `tests/data/similar_pairs.csv`, {result['pairs']} pairs "
             f"({result['positives']} the same idea, {result['pairs'] - result['positives']} "
             "not). Threshold in the code: "
             f"**{result['threshold']}**; contrast factor (two cards that name different "
             "people or places, `services/contrasts.py`): "
             f"**{result['contrast_factor']}**.", "",
             "| part | precision | recall | tp | fp | fn |",
             "| --- | --- | --- | --- | --- | --- |"]
    for name in ("choose (even rows)", "check (odd rows)", "all"):
        r = result["at_threshold"][name]
        lines.append(f"| {name} | {r['precision']} | {r['recall']} | {r['tp']} | {r['fp']} "
                     f"| {r['fn']} |")
    h = result["holdout"]
    lines += ["", f"Held out: `tests/data/similar_pairs_holdout.csv`, {h['pairs']} pairs "
              f"({h['positives']} the same idea). The threshold and the contrast factor were "
              "not chosen on it. Honestly: the method before the contrasts scored 0.758 "
              "precision, 0.833 recall here at 0.66 (8 false positives, all near misses "
              "differing in who or where); the who/where lists of `services/contrasts.py` "
              "were written after reading those errors, so this set is no longer blind to "
              "the method, only to its settings.", "",
              "| threshold | precision | recall | tp | fp | fn |",
              "| --- | --- | --- | --- | --- | --- |"]
    lines += [f"| {'**' if r['threshold'] == THRESHOLD else ''}{r['threshold']}"
              f"{'**' if r['threshold'] == THRESHOLD else ''} | {r['precision']} | "
              f"{r['recall']} | {r['tp']} | {r['fp']} | {r['fn']} |" for r in h["table"]]
    lines += ["", "Over thresholds (all pairs):", "",
              "| threshold | precision | recall |", "| --- | --- | --- |"]
    lines += [f"| {r['threshold']} | {r['precision']} | {r['recall']} |"
              for r in result["table"]]
    lines += ["", "Recall by kind of duplicate, and false positives by kind of pair:", "",
              "| kind | pairs | found as the same |", "| --- | --- | --- |"]
    lines += [f"| {kind} | {v['pairs']} | {v['found']} |" for kind, v in result["kinds"].items()]
    t = result["timing"]
    lines += ["", f"New card against a board of {t['board']} cards ({t['trials']} new cards, "
              "compare and add): "
              f"median {t['median_ms']} ms, p95 {t['p95_ms']} ms, max {t['max_ms']} ms "
              f"(building the board once: {t['build_s']} s; the first question after that, "
              f"which computes the board's norms once: {t['first_query_ms']} ms).", "",
              "The facilitator page's live look-up of a posted or edited card (the server's "
              "index brought in step with the board, then the one card asked about; the "
              "database read of the board's texts not included): "
              f"median {t['live_median_ms']} ms, p95 {t['live_p95_ms']} ms, "
              f"max {t['live_max_ms']} ms.", "",
              f"Machine: {result['cores']} cores, load average {result['load_average']} "
              "while measuring (shared with other work).", ""]
    return "\n".join(lines)


def main() -> None:
    """Score the labelled set, time the board, write results/similarity.json and .md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--board", type=int, default=2000)
    parser.add_argument("--trials", type=int, default=300)
    args = parser.parse_args()
    pairs = load_pairs()
    scores = score_pairs(pairs)
    halves = {"choose (even rows)": range(0, len(pairs), 2),
              "check (odd rows)": range(1, len(pairs), 2), "all": range(len(pairs))}
    at_threshold = {name: rates([pairs[i] for i in rows], [scores[i] for i in rows], THRESHOLD)
                    for name, rows in halves.items()}
    kinds: dict[str, dict] = {}
    for pair, score in zip(pairs, scores, strict=True):
        entry = kinds.setdefault(pair["kind"], {"pairs": 0, "found": 0})
        entry["pairs"] += 1
        entry["found"] += score >= THRESHOLD
    result = {
        "command": "/work/venv/bin/python benchmarks/run_similarity.py",
        "pairs": len(pairs), "positives": sum(p["same"] for p in pairs),
        "threshold": THRESHOLD, "contrast_factor": CONTRAST_FACTOR,
        "at_threshold": at_threshold,
        "table": [rates(pairs, scores, t) for t in THRESHOLDS], "kinds": kinds,
        "holdout": holdout_result(),
        "timing": time_new_cards(pairs, args.board, args.trials),
        # A shared machine: the timings mean little without how busy it was.
        "load_average": [round(x, 1) for x in os.getloadavg()], "cores": os.cpu_count(),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "similarity.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "SIMILARITY.md").write_text(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    main()
