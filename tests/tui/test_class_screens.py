"""The app on a class server: whose collection it is, and the teacher's report screen.

Needs a PostgreSQL server (``TRAINER_TEST_PG_URL``); a learner connects as their own role.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from trainer.practice import classroom
from trainer.practice.engine import PracticeSession
from trainer.practice.services import Services
from trainer.tui.app import TrainerApp
from trainer.tui.screens.class_report import ClassReportScreen
from trainer.tui.screens.home import HomeScreen
from trainer.wiring import build_services

from .conftest import import_mini_deck
from .screen_text import shown_text

pytestmark = pytest.mark.postgres
PASSWORD = "tui-class-password"


@pytest.fixture
def class_urls(pg_database: Callable[[], str], tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    """(admin URL, learner URL, learner name) of a class with the mini deck."""
    admin_url = pg_database()
    admin = build_services(home=tmp_path / "admin", db_url=admin_url, import_bundled=False)
    import_mini_deck(admin, tmp_path)
    name = f"tui_{uuid.uuid4().hex[:8]}"
    classroom.add_learner(admin, name, PASSWORD, adopt=False)
    server = admin_url.split("@", 1)[1]
    try:
        yield admin_url, f"postgresql+psycopg://{name}:{PASSWORD}@{server}", name
    finally:
        classroom.remove_learner(admin, name, keep_history=False)
        admin.close()


def _services(url: str, home: Path) -> Services:
    return build_services(home=home, db_url=url, import_bundled=False)


async def test_a_learners_home_says_whose_collection_it_is(
    class_urls: tuple[str, str, str], tmp_path: Path
) -> None:
    _admin_url, learner_url, name = class_urls
    services = _services(learner_url, tmp_path / "learner")
    app = TrainerApp(services, auto_drill=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        title = shown_text(app.screen.query_one("#home-title", Static))
        assert f"{name}'s collection on " in title
        await pilot.press("c")  # not an admin: no class report
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    services.close()


async def test_the_admin_opens_the_class_report(
    class_urls: tuple[str, str, str], tmp_path: Path
) -> None:
    admin_url, learner_url, name = class_urls
    learner = _services(learner_url, tmp_path / "learner")
    session = PracticeSession(learner)
    shown = session.next_problem()
    assert shown is not None
    session.submit("1")  # wrong: every mini problem's answer is above 1
    session.close()
    learner.close()
    services = _services(admin_url, tmp_path / "admin-app")
    app = TrainerApp(services, auto_drill=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        title = shown_text(app.screen.query_one("#home-title", Static))
        assert "class admin" in title
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClassReportScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        learners = screen.query_one("#learners", DataTable)
        assert learners.row_count == 1
        assert learners.get_row_at(0)[:3] == [name, "1", "0%"]
        problems = screen.query_one("#problems", DataTable)
        assert problems.row_count == 1 and problems.get_row_at(0)[4] == "1 ×1"
        assert "1 ×1" in shown_text(screen.query_one("#class-detail", Static))
    services.close()
