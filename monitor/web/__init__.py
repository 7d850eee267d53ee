"""The change log on the web: HTML pages, a JSON API and Atom feeds over one query layer.

``monitor.web.search`` and ``monitor.web.templating`` need no web server (ingest keeps the search
index up to date, e-mails use the templates); the ASGI application is in ``monitor.web.app`` and
needs the ``web`` extra.
"""
