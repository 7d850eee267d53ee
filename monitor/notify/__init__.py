"""Alerts: an outbox of deliveries written with the change that causes them, and a worker that
sends them by e-mail or signed webhook, at least once, with an idempotency key."""
