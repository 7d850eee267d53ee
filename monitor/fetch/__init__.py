"""Fetch stage: the SRU client and the document fetcher."""
