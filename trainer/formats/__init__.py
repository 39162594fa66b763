"""Deck readers and writers: files in, domain objects out. Never touches the database.

- ``detect.read_any(path, ReadOptions(...)) -> ImportBatch``: any supported file.
- ``toml_deck``: our deck format (``read_deck``, ``loads_deck``, ``dumps_deck``, ``write_deck``).
- ``tabular``: CSV/TSV, JSONL and JSON-array problem files.
- ``anki``: ``.apkg``/``.colpkg`` packages, with media and review history.
- ``revlog_csv``: the open-spaced-repetition review-log CSV, read and written.
- ``zip_safety``: opening untrusted zip archives.
"""
