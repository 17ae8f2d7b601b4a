"""Health, readiness and Prometheus metrics of every process; nothing in here knows who asked."""
