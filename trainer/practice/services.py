"""What the application needs from the world, handed in rather than reached for.

``trainer.wiring.build_services`` builds one; tests build one on a temporary directory
with a frozen clock. The drill engine, the deck library, the reports and the TUI all
take a ``Services`` and never build an engine or read the wall clock themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trainer.clock import Clock
from trainer.store.db import Collection


@dataclass
class Services:
    collection: Collection
    clock: Clock
    home: Path
    media_dir: Path
    bundled_decks_dir: Path

    def close(self) -> None:
        self.collection.close()
