"""Every promise in every answer (issue 11): discovery on the Dutch analysis layer, storage per
answer version, and the ``monitor promises`` / ``monitor promise ID`` commands.

Public API: :func:`monitor.promises.discover.discover` (a parsed answer -> its promises),
:func:`monitor.promises.store.store_promises` (called by ingest for every stored answer version)
and :func:`monitor.promises.store.list_promises`.
"""
