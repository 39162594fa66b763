"""Widgets of the practice app; each takes data as attributes and reports up by messages."""
