"""Full-text search over questions and answers: SQLite FTS5 or PostgreSQL with Dutch stemming.

The index holds one row per publication version, written by ingest through
``monitor.store.fulltext`` in the same transaction as the version's questions and answers. A
search returns publications whose *current* version matches, ranked, with a highlighted snippet.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import text
from sqlmodel import Session

from monitor.errors import BadSearch

MAX_TERMS = 12
MAX_QUERY_CHARS = 200
# Private-use characters mark the matches in snippets: the snippet is escaped first, then the
# marks become <mark>; a publication cannot smuggle markup through them.
_START, _STOP = "\ue000", "\ue001"
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class Hit:
    identifier: str
    kind: str
    title: str
    ministry: str
    received: date | None
    snippet: Markup  # escaped text with <mark> around the matched words
    score: float

    def to_json(self) -> dict[str, Any]:
        return {
            "identifier": self.identifier,
            "kind": self.kind,
            "title": self.title,
            "ministry": self.ministry,
            "received": self.received.isoformat() if self.received else None,
            "snippet_html": str(self.snippet),
            "snippet": self.snippet.striptags() if self.snippet else "",
            "score": round(self.score, 6),
        }


@dataclass(slots=True)
class SearchPage:
    query: str
    hits: list[Hit]
    offset: int
    more: bool


def _highlight(raw: str) -> Markup:
    marked = str(escape(raw)).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return Markup(marked.replace("\n", " "))  # noqa: S704 - escaped above


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer  # the web extra: only queries need it, the index does not

    return snowballstemmer.stemmer("dutch")


def _fold(word: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
    )


def fts5_query(query: str) -> str:
    """Dutch stems as FTS5 prefix terms, all required: ``deelnemen`` -> ``"deelnem"*``.

    SQLite has no Dutch stemmer; stemming the query and matching the stem as a prefix finds
    the inflected and compound forms a stemmed index would (``deelneemt`` aside, as there).
    """
    terms = []
    for word in _WORD.findall(query.lower())[:MAX_TERMS]:
        word = _fold(word)
        stem = _stemmer().stemWord(word)
        terms.append(f'"{stem}"*' if len(stem) >= 3 else f'"{word}"')
    return " ".join(terms)


def check_query(query: str) -> str:
    query = query.strip()
    if not query or not _WORD.search(query):
        raise BadSearch("q: give one or more words to search for")
    if len(query) > MAX_QUERY_CHARS:
        raise BadSearch(f"q: at most {MAX_QUERY_CHARS} characters")
    return query


def search(
    session: Session,
    query: str,
    *,
    ministry: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchPage:
    """Publications whose current version matches every word of ``query``, best first."""
    query = check_query(query)
    conn = session.connection()
    params: dict[str, Any] = {"limit": limit + 1, "offset": offset}
    filters = []
    if ministry:
        filters.append("p.ministry = :ministry")
        params["ministry"] = ministry
    if since:
        filters.append("p.date_received >= :since")
        params["since"] = since
    if until:
        filters.append("p.date_received <= :until")
        params["until"] = until
    where = "".join(f" AND {f}" for f in filters)
    if conn.dialect.name == "sqlite":
        params["q"] = fts5_query(query)
        # Only fixed SQL fragments are joined in; every value is a bound parameter.
        sql = (
            "SELECT p.identifier, p.kind, p.title, p.ministry, p.date_received, "  # noqa: S608
            f"snippet(search_fts, -1, '{_START}', '{_STOP}', ' … ', 24), "
            "bm25(search_fts, 4.0, 2.0, 1.0) AS score "
            "FROM search_fts JOIN publicationversion v ON v.id = search_fts.rowid "
            "JOIN publication p ON p.id = v.publication_id AND p.current_version_id = v.id "
            f"WHERE search_fts MATCH :q{where} ORDER BY score LIMIT :limit OFFSET :offset"
        )
        rows = conn.execute(text(sql), params).all()
        hits = [Hit(r[0], r[1], r[2], r[3], _day(r[4]), _highlight(r[5] or ""), -float(r[6]))
                for r in rows]
    else:
        params["q"] = query
        options = (f"StartSel={_START}, StopSel={_STOP}, MaxFragments=2, MaxWords=30, "
                   "MinWords=10, FragmentDelimiter=\" … \"")
        params["options"] = options
        # Rank and cut first; ts_headline only for the rows shown.
        sql = (
            "SELECT top.identifier, top.kind, top.title, top.ministry, top.date_received, "  # noqa: S608
            "ts_headline('dutch', top.questions || E'\\n' || top.answers, top.tq, :options), "
            "top.score FROM ("
            " SELECT p.identifier, p.kind, p.title, p.ministry, p.date_received, s.questions,"
            " s.answers, tq, ts_rank_cd(s.tsv, tq) AS score"
            " FROM search_text s CROSS JOIN websearch_to_tsquery('dutch', :q) tq"
            " JOIN publicationversion v ON v.id = s.version_id"
            " JOIN publication p ON p.id = v.publication_id AND p.current_version_id = v.id"
            f" WHERE s.tsv @@ tq{where}"
            " ORDER BY score DESC, p.identifier LIMIT :limit OFFSET :offset) top "
            "ORDER BY top.score DESC, top.identifier"
        )
        rows = conn.execute(text(sql), params).all()
        hits = [Hit(r[0], r[1], r[2], r[3], _day(r[4]), _highlight(r[5] or ""), float(r[6]))
                for r in rows]
    return SearchPage(query, hits[:limit], offset, len(hits) > limit)


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
