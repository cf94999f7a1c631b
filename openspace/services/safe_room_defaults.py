"""The safe room's shipped defaults: a mild but clear Danish word list, words that may signal
distress, and a help text with Danish helplines (the organiser edits them per workshop).

Entries are matched with their inflections (``wordlists``); ``*`` at the end
of an entry matches every word starting with it. Kept short and obvious on
purpose: a facilitator reads the queue, the list only decides what waits.
"""

from __future__ import annotations

#: Slurs, insults and sexual words: a post with one waits for the facilitator's approval.
HELD_WORDS = [
    # insults
    "idiot", "spasser", "mongol", "retard", "åndssvag", "evnesvag", "kælling", "klaphat",
    "fede so", "luder", "hore", "ludder", "lort*", "pikhoved", "røvhul", "narrøv",
    # slurs
    "perker", "neger", "nigger", "bøsserøv",
    # sexual words
    "fisse", "kusse", "pik", "kneppe", "sutte pik", "porno*", "dildo",
    # harassment
    "dræb dig selv", "slå dig selv ihjel", "kill yourself",
    # English ones young people use
    "fuck*", "bitch", "slut", "whore", "cunt", "dick",
]

#: Words that may signal distress: the post is flagged to the facilitator, and its author
#: privately gets the help text. The post is not held back.
DISTRESS_WORDS = [
    "selvmord*", "slå mig selv ihjel", "tage mit eget liv", "tager mit eget liv",
    "vil ikke leve", "orker ikke at leve", "vil dø", "ville ønske jeg var død",
    "skære i mig selv", "skærer i mig selv", "cutter mig", "selvskade*",
    "hader mig selv", "ingen gider mig", "ingen kan lide mig", "har ingen venner",
    "jeg bliver mobbet", "bliver mobbet", "mobber mig", "er helt alene",
    "ingen at snakke med", "ingen at tale med",
]

#: Shown only to the author of a post that may signal distress, in the workshop's language.
HELP_TEXT = {
    "da": (
        "Tak, fordi du skrev det. Det lyder, som om du måske har det svært lige nu, og det "
        "skal du ikke stå alene med. Er du barn eller ung, kan du ringe gratis og anonymt til "
        "BørneTelefonen hos Børns Vilkår på 116 111. Er du voksen, kan du ringe til "
        "Livslinien på 70 201 201. Du kan også tale med en af de voksne her i rummet. "
        "Er det akut, så ring 112."
    ),
    "en": (
        "Thank you for writing this. It sounds as if things may be hard for you right now, "
        "and you do not have to be alone with it. Children and young people can call "
        "BørneTelefonen (Børns Vilkår) free and anonymously on 116 111. Adults can call "
        "Livslinien on 70 201 201. You can also talk to one of the adults here in the room. "
        "In an emergency, call 112."
    ),
}
