"""The KOOP emulator: a local stand-in for repository.overheid.nl (SRU + document URLs) with
injectable faults, for tests, benchmarks and the offline demo."""

from monitor.emulator.corpus import Corpus, CorpusError, Entry
from monitor.emulator.server import Emulator, Faults, LoggedRequest

__all__ = ["Corpus", "CorpusError", "Emulator", "Entry", "Faults", "LoggedRequest"]
