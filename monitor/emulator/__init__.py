"""The KOOP emulator: a local stand-in for repository.overheid.nl (SRU + document URLs) with
injectable faults, for tests, benchmarks and the offline demo."""

from monitor.emulator.corpus import Corpus, Entry
from monitor.emulator.faults import Faults, LoggedRequest
from monitor.emulator.server import Emulator
from monitor.errors import CorpusError

__all__ = ["Corpus", "CorpusError", "Emulator", "Entry", "Faults", "LoggedRequest"]
