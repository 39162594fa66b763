"""A parametric problem that cannot be shown, in the real app: a warning, the next problem."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from trainer.clock import FrozenClock
from trainer.domain import Parameter, Problem
from trainer.practice.services import Services
from trainer.store.models import ReviewRow
from trainer.tui.app import TrainerApp
from trainer.tui.screens.drill import DrillScreen
from trainer.tui.widgets.problem_view import ProblemView
from trainer.wiring import build_services

from ..deck_rows import store_deck
from .screen_text import shown_text


@pytest.fixture
def broken_services(tmp_path: Path, clock: FrozenClock) -> Iterator[Services]:
    """A deck stored without validation: a problem whose answer divides by zero, then 2 + 2."""
    services = build_services(home=tmp_path / "home", clock=clock, import_bundled=False)
    broken = Problem(
        key="broken",
        prompt="What is {=a}?",
        answer="{=1/(a-a)}",
        parameters=(Parameter("a", range=(2, 9)),),
    )
    store_deck(services, [broken, Problem(key="good", prompt="2 + 2", answer="4")])
    yield services
    services.close()


async def test_the_drill_warns_skips_and_shows_the_next_problem(
    broken_services: Services,
) -> None:
    app = TrainerApp(broken_services)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        assert "2 + 2" in shown_text(app.screen.query_one(ProblemView))
        messages = [str(n.message) for n in app._notifications]
        assert any("'broken' cannot be shown" in m and "division by zero" in m for m in messages)
    with broken_services.collection.session_scope(write=False) as session:
        assert session.scalar(select(func.count()).select_from(ReviewRow)) == 0
