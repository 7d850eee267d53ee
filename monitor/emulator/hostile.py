"""Hostile documents for the emulator: what one bad publication can do to a monitor.

Each builder returns bytes a real-looking record can list as a manifestation, so a test (or a
demo) can put it in the corpus next to good publications and watch the poll survive it.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import replace
from datetime import date

from monitor.emulator.corpus import Entry


def label_bomb(html: bytes, number: int = 10_000_000) -> bytes:
    """An HTML answer whose second question and answer are labelled ``number``.

    A parser that checks the numbering by building ``range(1, number)`` needs gigabytes of
    memory for this 8 KB file.
    """
    label = str(number).encode()
    return re.sub(rb"\b(Vraag|Antwoord) 2\b", rb"\1 " + label, html)


def deep_xml(depth: int = 100_000) -> bytes:
    """Well-formed XML nested ``depth`` elements deep (recursion in a naive tree walk)."""
    return (b'<?xml version="1.0" encoding="UTF-8"?><officiele-publicatie><kamervragen>'
            + b"<al>" * depth + b"x" + b"</al>" * depth
            + b"</kamervragen></officiele-publicatie>")


def pdf_bomb(expanded_mb: int = 200) -> bytes:
    """A small PDF whose one content stream inflates to ``expanded_mb`` MB (a zip bomb)."""
    packer = zlib.compressobj(9)
    chunk = b"0" * (1024 * 1024)
    stream = b"".join(packer.compress(chunk) for _ in range(expanded_mb)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n"
        + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += str(number).encode() + b" 0 obj\n" + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 " + str(len(objects) + 1).encode() + b"\n0000000000 65535 f \n"
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (b"trailer\n<< /Size " + str(len(objects) + 1).encode() + b" /Root 1 0 R >>\n"
            b"startxref\n" + str(xref).encode() + b"\n%%EOF\n")
    return bytes(out)


def hostile_entry(base: Entry, identifier: str, modified: date, files: dict[str, bytes]) -> Entry:
    """A copy of ``base`` as a new publication ``identifier`` serving only ``files``."""
    stamp = f"{modified.isoformat()}T10:00:00.0000000+02:00"
    kept: dict[str, bytes | None] = {m: v for m, v in files.items()}
    return replace(base, identifier=identifier, version=1, modified=modified, stamp=stamp,
                   timestamp=stamp, content_area="", files=dict(kept))
