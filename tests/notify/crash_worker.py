"""Run one delivery round in its own process, so a test can SIGKILL it mid-send."""

from __future__ import annotations

import sys
from pathlib import Path

from monitor.config import Settings
from monitor.notify.worker import deliver_due
from monitor.store.db import Database

if __name__ == "__main__":
    settings = Settings.model_validate_json(Path(sys.argv[1]).read_text("utf-8"))
    deliver_due(Database(settings.database.url), settings, worker_id="victim")
