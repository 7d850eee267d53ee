"""The long-running service: scheduler, poller lease, operator alerts and health."""
