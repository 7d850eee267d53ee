"""The one lxml parser configuration for every XML the monitor reads (SRU pages, metadata, answers).

Hardened: entities are never resolved (no XXE: ``resolve_entities=True`` read local files), no
DTD is loaded or validated, nothing is fetched from the network, and libxml2's limits on huge
documents stay on. Comments and processing instructions are dropped: no reader needs them.
lxml parsers must not be shared between threads, and making one costs more than parsing a small
document, so :func:`xml_parser` keeps one per thread.
"""

from __future__ import annotations

import threading

from lxml import etree

__all__ = ["new_xml_parser", "xml_parser"]

_LOCAL = threading.local()


def new_xml_parser() -> etree.XMLParser:
    """A new hardened parser."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def xml_parser() -> etree.XMLParser:
    """This thread's hardened parser (see :func:`new_xml_parser`)."""
    parser: etree.XMLParser | None = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = _LOCAL.parser = new_xml_parser()
    return parser
