"""Bad PDFs are refused with one line naming the document; limits hold before PDFium reads."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from monitor.errors import MalformedDocument
from monitor.model import Format
from monitor.parse import parse_document, pdfdoc, pdflimits

REAL = Path(__file__).parent.parent / "data" / "parse" / "real-pdf" / "ah-tk-20232024-1178.pdf"


def _refusal(data: bytes, identifier: str = "ah-tk-20232024-1178") -> str:
    with pytest.raises(MalformedDocument) as info:
        parse_document(data, Format.PDF, identifier=identifier)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{identifier}: ")
    return message


def _pdf(pages: int = 1, **kwargs: object) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1, **kwargs)
    for number in range(pages):
        pdf.drawString(72, 700, f"Vraag {number + 1}")
        pdf.drawString(72, 680, "Kunt u dat toelichten?")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _bomb(inflated: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``inflated`` bytes of spaces."""
    packer = zlib.compressobj(9)
    stream = packer.compress(b"BT /F1 12 Tf 72 700 Td (Vraag 1) Tj ET\n")
    chunk = b" " * (1 << 20)
    for _ in range(inflated >> 20):
        stream += packer.compress(chunk)
    stream += packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref,
    )  # fmt: skip
    return out


@pytest.mark.parametrize("share", [0.05, 0.5, 0.99])
def test_truncated_pdf(share: float) -> None:
    data = REAL.read_bytes()
    assert "broken PDF" in _refusal(data[: int(len(data) * share)])


def test_password_protected_pdf() -> None:
    encrypted = _pdf(encrypt=pdfencrypt.StandardEncryption("geheim", ownerPassword="eigenaar"))
    assert _refusal(encrypted).endswith("PDF is encrypted (needs a password)")


def test_encrypted_without_user_password_opens() -> None:
    # the common case of "encrypted" KOOP-like PDFs: permissions only, no password to open
    data = _pdf(encrypt=pdfencrypt.StandardEncryption("", ownerPassword="eigenaar"))
    assert "Kunt u dat toelichten?" in pdfdoc.pdf_text(data, where="t")


def test_compression_bomb_is_refused_before_pdfium_inflates_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bomb = _bomb(12 << 20)
    assert len(bomb) < 40_000  # 12 MiB of content in a few kilobytes
    monkeypatch.setattr(pdflimits, "MAX_INFLATED", 8 << 20)
    assert "inflates beyond 8 MiB" in _refusal(bomb)
    monkeypatch.setattr(pdflimits, "MAX_INFLATED", 16 << 20)
    assert "Vraag 1" in pdfdoc.pdf_text(bomb, where="t")  # within the limit: read as usual


def test_size_and_page_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _pdf(pages=3)
    monkeypatch.setattr(pdflimits, "MAX_PAGES", 2)
    assert _refusal(data).endswith("PDF has 3 pages, more than the limit of 2")
    monkeypatch.setattr(pdflimits, "MAX_PDF_BYTES", len(data) - 1)
    assert _refusal(data).endswith(f"is larger than the limit of {len(data) - 1:,} bytes")


def test_real_pdf_within_the_default_limits() -> None:
    data = REAL.read_bytes()
    assert len(data) < pdfdoc.MAX_PDF_BYTES
    assert parse_document(data, Format.PDF).identifier == "ah-tk-20232024-1178"


def test_chained_flate_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # deflating twice multiplies the ratio: the first level is small, the second huge
    inner = zlib.compress(b" " * (12 << 20), 9)
    twice = zlib.compress(inner, 9)
    stream = b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(twice)
    data = _bomb(0).replace(b"<< /Type /Font", stream + twice + b"\nendstream\n<< /Type /Font")
    monkeypatch.setattr(pdflimits, "MAX_INFLATED", 8 << 20)
    assert "inflates beyond 8 MiB" in _refusal(data)
