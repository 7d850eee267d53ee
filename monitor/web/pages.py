"""The HTML pages: the overview, a commitment's timeline, the change log and one change, the
answers and one answer, search and status. Each renders inside :meth:`Web.conditional` (ETag,
304, cached bodies) except status, which is live."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response

from monitor.daemon.health import health, render_text
from monitor.web import answer_queries as aq
from monitor.web import params, views
from monitor.web import queries as q
from monitor.web.params import KIND_LABELS
from monitor.web.state import web_of


def home(request: Request) -> Response:
    web = web_of(request)

    def render(session: Session) -> Response:
        items = [
            {"summary": i.summary, "changes": i.changes, "recent": i.recent,
             "last_change": i.summary.last_change}
            for i in q.overview(session, web.settings)
        ]
        return web.page("home.html", nav="home", items=items, polls=q.poll_summary(session))

    return web.conditional(request, render, max_age=30)


def commitment_page(request: Request) -> Response:
    web = web_of(request)
    commitment = request.path_params["cid"]

    def render(session: Session) -> Response:
        data = views.timeline(request, session, web, commitment)
        description = next(
            (c.description for c in web.settings.commitments if c.id == commitment), "")
        next_url = web.url(f"/commitments/{commitment}", {"after": data["cursor"]}) \
            if data["cursor"] else None
        return web.page(
            "commitment.html", nav="home", timeline=data["timeline"], entries=data["entries"],
            total=data["total"], asked=data["asked"], description=description,
            next_url=next_url,
            feed_url=web.url(f"/feeds/commitments/{commitment}.atom", absolute=True),
        )

    return web.conditional(request, render)


def changes_page(request: Request) -> Response:
    web = web_of(request)

    def render(session: Session) -> Response:
        items, cursor, filters = views.changes(request, session, web)
        shown = params.filter_params(filters)
        commitments = [(c.id, c.title) for c in web.settings.commitments]
        return web.page(
            "changes.html", nav="changes", changes=items, asked=web.asked(session, items),
            filters={**filters, "since": shown["since"], "until": shown["until"]},
            commitments=commitments,
            next_url=web.url("/changes", {**shown, "after": cursor}) if cursor else None,
            feed_url=web.url("/feeds/changes.atom", shown, absolute=True),
        )

    return web.conditional(request, render)


def change_page(request: Request) -> Response:
    web = web_of(request)

    def render(session: Session) -> Response:
        item = views.change(request, session, web)
        return web.page("change.html", nav="changes", change=item,
                        asked=web.asked(session, [item]).get(item["id"]))

    return web.conditional(request, render)


def answers_list(request: Request) -> Response:
    web = web_of(request)

    def render(session: Session) -> Response:
        page, filters = views.answers(request, session, web)
        shown = {
            "ministry": filters["ministry"], "kind": filters["kinds"][0],
            "since": filters["since"].isoformat() if filters["since"] else None,
            "until": filters["until"].isoformat() if filters["until"] else None,
        }
        return web.page(
            "answers.html", nav="answers", answers=page.rows, filters=shown,
            ministries=aq.ministries(session), kind_labels=KIND_LABELS,
            next_url=web.url("/answers", {**shown, "after": page.next}) if page.next else None,
        )

    return web.conditional(request, render)


def _qa_rows(detail: aq.AnswerDetail) -> list[dict[str, Any]]:
    """Each answer with the questions it covers, in question order; unanswered questions alone."""
    doc = detail.document
    if doc is None:
        return []
    questions = {question.number: question for question in doc.questions}
    rows: list[dict[str, Any]] = []
    covered: set[int] = set()
    for answer in doc.answers:
        numbers = sorted(set(answer.numbers))
        covered.update(numbers)
        rows.append({"questions": [questions[n] for n in numbers if n in questions],
                     "numbers": numbers, "answer": answer})
    for number, question in sorted(questions.items()):
        if number not in covered:
            rows.append({"questions": [question], "numbers": [number], "answer": None})
    rows.sort(key=lambda r: min(r["numbers"]) if r["numbers"] else 0)
    return rows


def answer_page(request: Request) -> Response:
    web = web_of(request)

    def render(session: Session) -> Response:
        detail = aq.answer_detail(session, request.path_params["identifier"])
        return web.page(
            "answer.html", nav="answers", pub=detail.publication, doc=detail.document,
            current=detail.current, versions=detail.versions, related=detail.related,
            rows=_qa_rows(detail), kind_labels=KIND_LABELS,
            kind_label=KIND_LABELS.get(detail.publication.kind, detail.publication.kind),
        )

    return web.conditional(request, render)


def search_page(request: Request) -> Response:
    web = web_of(request)

    def render(session: Session) -> Response:
        page, filters = views.found(request, session)
        shown = {"ministry": filters["ministry"],
                 "since": filters["since"].isoformat() if filters["since"] else None,
                 "until": filters["until"].isoformat() if filters["until"] else None}
        next_url = None
        if page is not None and page.more:
            next_url = web.url("/search", {"q": page.query, **shown,
                                           "offset": page.offset + len(page.hits)})
        return web.page("search.html", nav="search", page=page,
                        query=request.query_params.get("q", ""), filters=shown,
                        ministries=aq.ministries(session), next_url=next_url)

    return web.conditional(request, render)


def status_page(request: Request) -> Response:
    web = web_of(request)
    h = health(web.db, web.settings)
    response = web.page("status.html", nav="status", health=h, report=render_text(h))
    response.headers["Cache-Control"] = "no-store"
    return response
