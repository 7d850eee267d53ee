"""``monitor emulator serve`` and ``monitor emulator generate``."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from monitor.emulator.corpus import Corpus
from monitor.emulator.defaults import default_corpus
from monitor.emulator.faults import Faults
from monitor.emulator.generate import generate_corpus
from monitor.emulator.server import Emulator
from monitor.errors import MonitorError


def _ids(value: str) -> set[str]:
    return {v.strip() for v in value.split(",") if v.strip()}


def _numbers(value: str) -> set[int]:
    try:
        return {int(v) for v in value.split(",") if v.strip()}
    except ValueError:
        raise click.BadParameter(f"{value!r}: expected comma-separated request numbers") from None


@click.group("emulator")
def emulator() -> None:
    """A local KOOP service (SRU + documents) for offline demos and tests."""


@emulator.command("serve")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, exists=True),
              help="Corpus folder (default: the real samples plus generated answers).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--generated", default=40, show_default=True,
              help="Generated answers in the default corpus.")
@click.option("--seed", default=1, show_default=True, help="Seed of generation and faults.")
@click.option("--fault-fail-requests", default="", help="Request numbers answering 500 (1,5,9).")
@click.option("--fault-fail-rate", default=0.0, type=float, help="Fraction answering 500.")
@click.option("--fault-throttle-rate", default=0.0, type=float, help="Fraction answering 429.")
@click.option("--fault-retry-after", default="1", help="Retry-After of a 429 (seconds or date).")
@click.option("--fault-deep-start", type=int, help="startRecord from which SRU pages fail.")
@click.option("--fault-deep-status", default=503, type=int, show_default=True)
@click.option("--fault-delay", default=0.0, type=float, help="Seconds before every answer.")
@click.option("--fault-truncate-sru", type=int, help="Cut SRU bodies after N bytes.")
@click.option("--fault-truncate-documents", type=int, help="Cut document bodies after N bytes.")
@click.option("--fault-soft-404", default="", help="Ids whose documents redirect to fout404.")
@click.option("--fault-missing-xml", default="", help="Ids whose listed XML answers 404.")
@click.option("--fault-diagnostic", is_flag=True, help="Answer every query with a diagnostic.")
def serve(corpus_dir: str | None, host: str, port: int, generated: int, seed: int,
          fault_fail_requests: str, fault_fail_rate: float, fault_throttle_rate: float,
          fault_retry_after: str, fault_deep_start: int | None, fault_deep_status: int,
          fault_delay: float, fault_truncate_sru: int | None,
          fault_truncate_documents: int | None, fault_soft_404: str, fault_missing_xml: str,
          fault_diagnostic: bool) -> None:
    """Serve the corpus; prints the SRU URL to use as MONITOR_SOURCE_URL."""
    if corpus_dir:
        corpus = Corpus.load(corpus_dir)
    else:
        corpus, report = default_corpus(generated=generated, seed=seed)
        for note in report.notes:
            click.echo(f"note: {note}", err=True)
    faults = Faults(
        seed=seed, fail_requests=_numbers(fault_fail_requests), fail_rate=fault_fail_rate,
        throttle_rate=fault_throttle_rate, retry_after=fault_retry_after,
        deep_start=fault_deep_start, deep_status=fault_deep_status, delay=fault_delay,
        truncate_sru=fault_truncate_sru, truncate_documents=fault_truncate_documents,
        soft_404=_ids(fault_soft_404), missing_xml=_ids(fault_missing_xml),
        diagnostic=fault_diagnostic,
    )
    server = Emulator(corpus, faults, host=host, port=port, log_limit=10_000)
    try:
        server.start()
    except OSError as exc:
        raise MonitorError(f"emulator: cannot listen on {host}:{port}: {exc.strerror}") from None
    click.echo(f"KOOP emulator serving {len(corpus)} publications")
    click.echo(f"MONITOR_SOURCE_URL={server.sru_url}")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


@emulator.command("generate")
@click.option("--out", required=True, type=click.Path(file_okay=False),
              help="Folder to write the corpus to.")
@click.option("--answers", default=3000, show_default=True, type=click.IntRange(min=0))
@click.option("--seed", default=1, show_default=True)
@click.option("--pdf-share", default=0.0, show_default=True, type=click.FloatRange(0, 1),
              help="Share of answers published PDF-only in the 2026 style.")
@click.option("--since", default="2024-09-01", show_default=True, help="First received date.")
@click.option("--until", default="2026-05-31", show_default=True, help="Last modified date.")
def generate(out: str, answers: int, seed: int, pdf_share: float, since: str,
             until: str) -> None:
    """Write a generated corpus folder (answers, postponements, questions)."""
    try:
        lo, hi = date.fromisoformat(since), date.fromisoformat(until)
    except ValueError as exc:
        raise click.BadParameter(f"--since/--until: {exc}") from None
    if lo > hi:
        raise click.BadParameter(f"--since {since} is after --until {until}")
    target = Path(out)
    if target.exists() and any(target.iterdir()):
        raise MonitorError(f"emulator generate: {target} is not empty; choose a new folder")
    corpus, report = generate_corpus(answers, seed=seed, pdf_share=pdf_share, since=lo,
                                     until=hi, out=target)
    if report.pdf_skipped:
        click.echo(f"note: render_pdf is not available: {report.pdf_skipped} PDF-only answers "
                   "were generated as XML/HTML instead", err=True)
    click.echo(f"wrote {len(corpus)} publications to {target}: {report.answers} answers "
               f"({report.pdf_answers} PDF-only), {report.postponements} postponements, "
               f"{report.questions} question records")


COMMANDS = [emulator]


def main() -> None:
    """Entry point of ``python -m monitor.emulator``."""
    try:
        emulator.main(prog_name="python -m monitor.emulator", standalone_mode=False)
    except MonitorError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        sys.exit(130)
