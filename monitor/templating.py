"""The Jinja2 environment shared by the web pages, the Atom feeds and the e-mails.

It sits below the alerts and the web stages (both render with it); the templates are in
``monitor/web/templates``.

Autoescaping is on for every template: text from a publication is always escaped. The only
markup let through is the word diff's ``<del>``/``<ins>`` (re-escaped here, whatever is stored)
and links whose scheme is http or https.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from monitor.dates import dutch_date
from monitor.official import official_url
from monitor.verdicts import VERDICTS, verdict_label, verdict_names

_DIFF_TAG = re.compile(r"(</?(?:del|ins)>)")
_INS = re.compile(r"<ins>.*?</ins>", re.DOTALL)
_DEL = re.compile(r"<del>.*?</del>", re.DOTALL)
# Verdicts that say the position moved: shown with a stronger badge.
STRONG = frozenset(
    {"position_changed", "negation_flipped", "fulfilled", "timeline_changed", "figures_changed"}
)


def safe_url(value: Any) -> str | None:
    """``value`` when it is an absolute http(s) URL, else None (never a javascript: link)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return value.strip()


def clean_diff(stored: str | None) -> Markup:
    """A stored diff as markup with only ``<del>``/``<ins>`` left as tags."""
    out: list[str] = []
    for part in _DIFF_TAG.split(stored or ""):
        if _DIFF_TAG.fullmatch(part):
            out.append(part)
        else:
            # Unescape first, so that properly escaped text is not escaped twice.
            out.append(str(escape(html.unescape(part))))
    text = "".join(out)
    # Balance the tags (a damaged value must not leave a <del> open over the page).
    for tag in ("del", "ins"):
        opened = text.count(f"<{tag}>") - text.count(f"</{tag}>")
        if opened > 0:
            text += f"</{tag}>" * opened
        elif opened < 0:
            text = text.replace(f"</{tag}>", "", -opened)
    return Markup(text)  # noqa: S704 - every text part is escaped above


def diff_sides(stored: str | None) -> tuple[Markup, Markup]:
    """Side by side: the previous text with deletions marked, the current with insertions."""
    whole = str(clean_diff(stored))
    return Markup(_INS.sub("", whole)), Markup(_DEL.sub("", whole))  # noqa: S704


_INLINE = {
    "<del>": '<del style="background:#ffd7d5;color:#82071e;text-decoration:line-through">',
    "<ins>": '<ins style="background:#ccf2d4;color:#055d20;text-decoration:underline">',
}


def inline_diff(markup: Markup) -> Markup:
    """Diff markup with inline styles (mail clients drop style sheets)."""
    text = str(markup)
    for tag, styled in _INLINE.items():
        text = text.replace(tag, styled)
    return Markup(text)  # noqa: S704 - only our own tags were replaced


def dutch_day(value: date | datetime | str | None) -> str:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        value = value.isoformat()
    return dutch_date(value)


def ordered_verdicts(verdicts: Sequence[str]) -> list[str]:
    names = verdict_names(verdicts)
    by_name = {verdict_label(v): v for v in verdicts}
    return [by_name.get(n, n) for n in names]


def questions_label(numbers: Sequence[int]) -> str:
    if not numbers:
        return ""
    joined = ", ".join(str(n) for n in numbers)
    return f"{'vraag' if len(numbers) == 1 else 'vragen'} {joined}"


def trigger_words(triggers: Mapping[str, Any] | None, verdict: str) -> list[str]:
    words = (triggers or {}).get(verdict) or []
    return [str(w) for w in words]


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("monitor", "web/templates"),
        autoescape=select_autoescape(
            ["html", "xml", "atom"], default_for_string=True, default=True
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        safe_url=safe_url,
        clean_diff=clean_diff,
        diff_sides=diff_sides,
        inline_diff=inline_diff,
        dutch_date=dutch_day,
        verdict_label=verdict_label,
        ordered_verdicts=ordered_verdicts,
        questions_label=questions_label,
    )
    env.globals.update(
        STRONG=STRONG,
        official_url=official_url,
        trigger_words=trigger_words,
        VERDICTS=list(VERDICTS),
    )
    return env


def render_template(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)
