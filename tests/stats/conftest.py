from __future__ import annotations

import pytest

from trainer.practice.services import Services

from .history import History


@pytest.fixture
def history(services: Services) -> History:
    """An empty collection whose days start at 04:00 UTC."""
    return History(services)
