"""Turning deck text into what a front end shows: safe terminal text (and, later, rendering)."""
