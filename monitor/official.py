"""Addresses of the official publications (zoek.officielebekendmakingen.nl), in one place."""

from __future__ import annotations

OFFICIAL_SITE = "https://zoek.officielebekendmakingen.nl"


def official_url(identifier: str) -> str:
    """The publication's page, e.g. ``.../ah-tk-20202021-3235.html``."""
    return f"{OFFICIAL_SITE}/{identifier}.html"


def metadata_url(identifier: str) -> str:
    """The publication's metadata record."""
    return f"{OFFICIAL_SITE}/{identifier}/metadata.xml"
