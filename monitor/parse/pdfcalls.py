"""PDFium's functions, called through lean ctypes prototypes: plain addresses in and out.

pypdfium2's bindings type every handle; converting those costs more than PDFium's own work in
the small calls of the page loop, which makes a few thousand of them per document. Same
functions of the same library, only leaner prototypes.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as pdfium_c

ADDRESS = _P = ctypes.c_void_p  # a handle or a pointer, as a plain address
_I, _ULONG = ctypes.c_int, ctypes.c_ulong


def plain(name: str, restype: Any, *argtypes: Any) -> Any:
    """PDFium's function ``name`` taking and returning handles and pointers as plain addresses."""
    function = getattr(pdfium_c, name, None)
    address = ctypes.cast(function, _P).value if function is not None else None
    if not address:
        raise ImportError(f"PDFium has no {name}")
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


COUNT_OBJECTS = plain("FPDFPage_CountObjects", _I, _P)
GET_OBJECT = plain("FPDFPage_GetObject", _P, _P, _I)
GET_TYPE = plain("FPDFPageObj_GetType", _I, _P)
GET_TEXT = plain("FPDFTextObj_GetText", _ULONG, _P, _P, _P, _ULONG)
GET_MATRIX = plain("FPDFPageObj_GetMatrix", _I, _P, _P)
GET_FONT_SIZE = plain("FPDFTextObj_GetFontSize", _I, _P, _P)
GET_BOUNDS = plain("FPDFPageObj_GetBounds", _I, _P, _P, _P, _P, _P)
FORM_COUNT = plain("FPDFFormObj_CountObjects", _I, _P)
FORM_OBJECT = plain("FPDFFormObj_GetObject", _P, _P, _ULONG)
COUNT_CHARS = plain("FPDFText_CountChars", _I, _P)
PAGE_TEXT = plain("FPDFText_GetText", _I, _P, _I, _I, _P)
try:  # PDFium since 2023; without it, every object's text is asked of PDFium one by one
    OWNER = plain("FPDFText_GetTextObject", _P, _P, _I)
except ImportError:  # pragma: no cover - the pinned pypdfium2 has it
    OWNER = None
UNICODE = plain("FPDFText_GetUnicode", ctypes.c_uint, _P, _I)
LOAD_PAGE = plain("FPDF_LoadPage", _P, _P, _I)
CLOSE_PAGE = plain("FPDF_ClosePage", None, _P)
LOAD_TEXT_PAGE = plain("FPDFText_LoadPage", _P, _P)
CLOSE_TEXT_PAGE = plain("FPDFText_ClosePage", None, _P)
TEXT, PATH, FORM = (
    pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
)  # fmt: skip
