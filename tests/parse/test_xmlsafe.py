"""The one hardened lxml parser: no external entities, no DTD, libxml2's size limits on."""

from __future__ import annotations

import threading
from pathlib import Path

from lxml import etree

from monitor.xmlsafe import new_xml_parser, xml_parser


def test_external_entity_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("geheim")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]><r>&x;</r>'
    ).encode()
    root = etree.fromstring(data, new_xml_parser())
    assert "geheim" not in etree.tostring(root, encoding="unicode")


def test_huge_tree_limits_stay_on() -> None:
    # libxml2 refuses a text node over 10 MB unless huge_tree is set
    data = b"<r>" + b"a" * (11 * 1024 * 1024) + b"</r>"
    try:
        etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError:
        return
    raise AssertionError("a huge text node was parsed: huge_tree is on")


def test_comments_and_processing_instructions_are_dropped() -> None:
    root = etree.fromstring(b"<r><!-- c --><?pi x?><a/></r>", xml_parser())
    assert [child.tag for child in root] == ["a"]


def test_one_parser_per_thread() -> None:
    here = xml_parser()
    assert xml_parser() is here
    other: list[etree.XMLParser] = []
    thread = threading.Thread(target=lambda: other.append(xml_parser()))
    thread.start()
    thread.join()
    assert other and other[0] is not here
