"""The same idea twice: the labelled Danish set, and ``GET …/cards/{id}/similar`` for moderators.

The benchmark (benchmarks/run_similarity.py) reports the figures; this test
holds the code to the targets on the committed labelled set, so a change that
makes the comparison worse fails here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from openspace.services.similarity import THRESHOLD, SimilarityIndex, features

from .helpers import ORGANISER_TOKEN, base, call, create_workshop, join, post_card, set_settings

# Loaded by path: putting benchmarks/ on sys.path would shadow modules of other tests.
_SPEC = importlib.util.spec_from_file_location(
    "run_similarity", Path(__file__).resolve().parent.parent / "benchmarks" / "run_similarity.py")
run_similarity = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(run_similarity)


def test_the_labelled_set_meets_the_targets_at_the_chosen_threshold():
    pairs = run_similarity.load_pairs()
    assert len(pairs) >= 200
    assert {p["kind"] for p in pairs} >= {"paraphrase", "compound", "inflection", "typo",
                                          "near_miss"}
    scores = run_similarity.score_pairs(pairs)
    rates = run_similarity.rates(pairs, scores, THRESHOLD)
    assert rates["precision"] >= 0.85 and rates["recall"] >= 0.7, rates
    committed = (run_similarity.RESULTS / "SIMILARITY.md").read_text()
    assert f"**{THRESHOLD}**" in committed and "tests/data/similar_pairs.csv" in committed


def test_the_held_out_set_meets_the_targets_and_differs_from_the_first():
    """60 pairs on other topics, never used to choose the threshold: precision ≥ 0.85 at
    recall ≥ 0.7, and the committed benchmark reports them."""
    pairs = run_similarity.load_pairs(run_similarity.HOLDOUT)
    first = {t for p in run_similarity.load_pairs() for t in (p["text_a"], p["text_b"])}
    assert len(pairs) >= 60
    assert sum(p["kind"] == "near_miss" for p in pairs) >= 25
    # Written differently: almost none of its texts is a text of the first set.
    assert sum(t in first for p in pairs for t in (p["text_a"], p["text_b"])) <= 3
    rates = run_similarity.rates(pairs, run_similarity.score_pairs(pairs), THRESHOLD)
    assert rates["precision"] >= 0.85 and rates["recall"] >= 0.7, rates
    committed = (run_similarity.RESULTS / "SIMILARITY.md").read_text()
    assert "tests/data/similar_pairs_holdout.csv" in committed
    assert f"| **{THRESHOLD}** | {rates['precision']} | {rates['recall']} |" in committed


def test_cards_for_other_people_or_places_are_other_ideas():
    """The near misses that differ in who or where score lower; one who in common does not."""
    index = SimilarityIndex()
    index.add("young", "Filmklub for unge med filmvisning og snak bagefter")
    index.add("church", "Koncerter i kirken for hele byen")
    index.add("both", "Brætspilsaftener for unge og ældre")
    assert [k for k, _ in index.similar("Filmklub for ældre med filmvisning og snak")] == []
    assert [k for k, _ in index.similar("Koncerter i skoven for hele byen")] == []
    assert [k for k, _ in index.similar("Koncert i kirken for alle i byen")] == ["church"]
    assert [k for k, _ in index.similar("brætspilsaften for ældre")] == ["both"]
    # "forældre" is not "ældre"; "børnefamilier" names children and families.
    assert features("forældre").marks == {("who", "parent")}
    assert features("børnefamilier").marks == {("who", "child"), ("who", "family")}


def test_compounds_inflections_and_typos_meet_and_parasitic_words_do_not():
    index = SimilarityIndex()
    index.add("a", "Brætspilsaftener for unge og ældre")
    index.add("b", "Filmaftener for unge og ældre")
    index.add("c", "Ensomhed blandt unge")
    found = dict(index.similar("brætspilsaften for ældre og unge sammen"))
    assert set(found) == {"a"} and 0 < found["a"] <= 1
    assert index.similar("Ensomhed blant unge")[0][0] == "c"  # a typo
    assert features("Gå-klub") == features("gåklub")  # hyphenated compounds are one word
    index.remove("a")
    assert index.similar("Brætspilsaftener for unge og ældre") == []


def similar(client, workshop, token, card_id):
    """Ask for the cards like ``card_id``; return the response."""
    return call(client, "get", base(workshop) + f"/cards/{card_id}/similar", token)


def test_the_facilitator_sees_public_look_alikes_best_first(client, workshop, participant):
    fac = workshop["facilitator_token"]
    card = post_card(client, workshop, participant["token"], "a",
                     text="Brætspilsaften på biblioteket hver torsdag")
    twin = post_card(client, workshop, fac, "b",
                     text="Hver torsdag kunne biblioteket holde brætspilsaftener")
    near = post_card(client, workshop, fac, "c",
                     text="Brætspilsaftener på biblioteket om torsdagen for de unge")
    post_card(client, workshop, fac, "d", text="Strikkecafé på plejehjemmet")
    answer = similar(client, workshop, fac, card["id"])
    assert answer.status_code == 200
    found = answer.get_json()["cards"]
    assert {c["id"] for c in found} == {twin["id"], near["id"]}
    assert [c["score"] for c in found] == sorted((c["score"] for c in found), reverse=True)
    assert all(0 < c["score"] <= 1 for c in found)
    by_organiser = similar(client, workshop, ORGANISER_TOKEN, card["id"]).get_json()
    assert by_organiser == answer.get_json()
    lonely = post_card(client, workshop, fac, "e", text="Cykelværksted for unge")
    assert similar(client, workshop, fac, lonely["id"]).get_json() == {"cards": []}


def test_only_moderators_ask_and_only_visible_cards_answer(client, db, workshop, participant):
    fac = workshop["facilitator_token"]
    text = "Gåklub for ensomme ældre hver tirsdag"
    card = post_card(client, workshop, fac, "a", text=text)
    hidden = post_card(client, workshop, fac, "h", text=text)
    call(client, "post", base(workshop) + f"/cards/{hidden['id']}/hide", fac)
    merged = post_card(client, workshop, fac, "m", text=text)
    public = post_card(client, workshop, fac, "p", text="En gåklub for de ensomme ældre")
    call(client, "post", base(workshop) + f"/cards/{merged['id']}/merge", fac,
         {"into": public["id"]})
    set_settings(db, workshop["id"], premoderation=True)
    other = join(client, workshop)
    pending = post_card(client, workshop, other["token"], "q", text=text)
    assert pending["pending"] is True

    found = similar(client, workshop, fac, card["id"]).get_json()["cards"]
    assert [c["id"] for c in found] == [public["id"]]  # not hidden, merged or pending
    # The facilitator may ask about the pending card itself: a duplicate caught early.
    assert [c["id"] for c in similar(client, workshop, fac, pending["id"]).get_json()["cards"]
            ] == [card["id"], public["id"]]

    refused = similar(client, workshop, participant["token"], card["id"])
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    assert similar(client, workshop, other["token"], pending["id"]).status_code == 403
    assert similar(client, workshop, None, card["id"]).status_code == 401
    elsewhere = create_workshop(client)
    assert similar(client, workshop, elsewhere["facilitator_token"], card["id"]).status_code == 403
    assert call(client, "get", base(elsewhere) + f"/cards/{card['id']}/similar",
                elsewhere["facilitator_token"]).status_code == 404
    assert similar(client, workshop, fac, "nope").status_code == 404


def test_the_whole_board_and_a_theme_grouped_by_likeness(client, workshop, participant):
    fac = workshop["facilitator_token"]
    texts = ["Fællesspisning i forsamlingshuset en gang om måneden",
             "fælles spisning i forsamlingshuset hver måned",
             "Fællesspisningen i forsamlingshuset hver måned for alle",
             "Lektiecafé for unge på biblioteket", "Lektiecafeer på biblioteket for de unge",
             "Krolfbane ved plejecenteret"]
    made = [post_card(client, workshop, fac, f"c{n}", text=t) for n, t in enumerate(texts)]
    other_theme = post_card(client, workshop, fac, "x", text=texts[3], theme=1)
    board = call(client, "get", base(workshop) + "/similar", fac).get_json()["cards"]
    assert len(board[made[0]["id"]]) == 2 and made[5]["id"] not in board
    assert other_theme["id"] in board  # the board compares across themes
    theme = workshop["themes"][0]["id"]
    grouped = call(client, "get", base(workshop) + f"/themes/{theme}/similar-groups", fac)
    assert grouped.get_json()["groups"] == [[m["id"] for m in made[:3]],
                                            [m["id"] for m in made[3:5]]]
    assert call(client, "get", base(workshop) + f"/themes/{theme}/similar-groups",
                participant["token"]).status_code == 403
    assert call(client, "get", base(workshop) + "/themes/nope/similar-groups",
                fac).status_code == 404
