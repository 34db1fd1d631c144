"""Decisions being worked out in the web flow (working data, not records)."""
