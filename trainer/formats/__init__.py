"""Deck readers and writers: files in, domain objects out. Never touches the database."""
