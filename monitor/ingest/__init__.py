"""Ingest stage: incremental polls and backfills that store publications with their history."""
