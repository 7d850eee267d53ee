"""``python -m monitor.emulator ...`` = ``monitor emulator ...``."""

from monitor.emulator.commands import main

main()
