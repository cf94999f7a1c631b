"""Each page gets only the strings its own scripts ask for.

The whole dictionary (text/ui_text*.py) is ~18 KB of JSON; the phone page needs a
third of it, and every byte counts on its first load. Which strings a page needs is
read from the scripts themselves, so nobody keeps a list by hand:

- the scripts of a page are the ``filename='js/…'`` its template (and the templates it
  extends or includes) names, plus any ``"js/….js"`` a script names (loaded later, on
  demand, such as the plenaries section of the phone page);
- a key is needed when a script holds it as a string literal (``OS.t("board.empty")``),
  or holds a literal ending in a dot that starts it (``OS.t("status." + state)``).

The answer is cached per template and the scripts' versions.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import current_app

from ..text.ui_text import js_strings

TEMPLATE_SCRIPT = re.compile(r"""filename=['"](js/[\w./-]+\.js)['"]""")
TEMPLATE_PARTS = re.compile(r"""{%-?\s*(?:extends|include)\s+['"]([\w./-]+)['"]""")
SCRIPT_SCRIPT = re.compile(r"""["'](js/[\w./-]+\.js)["']""")
LITERAL = re.compile(r"""["']([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*\.?)["']""")

_cache: dict[tuple, frozenset[str]] = {}


def _template_source(name: str) -> str:
    """Return the source of template ``name`` ('' if there is none)."""
    env = current_app.jinja_env
    try:
        source, _filename, _uptodate = env.loader.get_source(env, name)
    except Exception:
        return ""
    return source


def page_scripts(template: str) -> list[str]:
    """Return the scripts (paths under static/) a page loads, also those loaded later."""
    templates, scripts = [template], []
    seen_templates = set()
    while templates:
        name = templates.pop()
        if name in seen_templates:
            continue
        seen_templates.add(name)
        source = _template_source(name)
        templates.extend(TEMPLATE_PARTS.findall(source))
        scripts.extend(TEMPLATE_SCRIPT.findall(source))
    static = Path(current_app.static_folder)
    found, queue = [], list(scripts)
    while queue:
        script = queue.pop(0)
        path = static / script
        if script in found or not path.is_file():
            continue
        found.append(script)
        queue.extend(SCRIPT_SCRIPT.findall(path.read_text(encoding="utf-8")))
    return found


def _needed_keys(template: str, all_keys: frozenset[str]) -> frozenset[str]:
    """Return the keys of ``all_keys`` that the scripts of ``template`` may ask for."""
    static = Path(current_app.static_folder)
    scripts = page_scripts(template)
    stamp = (template, all_keys, tuple((s, (static / s).stat().st_mtime_ns) for s in scripts))
    known = _cache.get(stamp)
    if known is not None:
        return known
    literals: set[str] = set()
    for script in scripts:
        literals.update(LITERAL.findall((static / script).read_text(encoding="utf-8")))
    prefixes = tuple(word for word in literals if word.endswith("."))
    needed = frozenset(key for key in all_keys
                       if key in literals or key.startswith(prefixes)
                       or key.rsplit(".", 1)[0] in literals)  # plurals: "x.one", "x.other"
    _cache[stamp] = needed
    return needed


def strings_for(template: str) -> dict[str, str]:
    """Return the strings (in the request's language) the scripts of ``template`` use."""
    strings = js_strings()
    needed = _needed_keys(template, frozenset(strings))
    return {key: text for key, text in strings.items() if key in needed}
