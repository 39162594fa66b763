"""The ``trainer`` command line.

Subcommands live one per module in ``trainer.commands`` and are imported only when
invoked, so ``trainer --help`` and the first problem stay fast. A ``TrainerError`` is a
user error: one line on stderr, a non-zero exit, no traceback.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

from trainer import __version__
from trainer.errors import TrainerError
from trainer.presentation.terminal_text import printable

if TYPE_CHECKING:
    from trainer.practice.services import Services

# name -> "module:attribute". A command whose module is absent is simply not offered.
COMMANDS: dict[str, str] = {
    "decks": "trainer.commands.decks:decks",
    "cards": "trainer.commands.cards:cards",
    "check": "trainer.commands.check:check",
    "lint": "trainer.commands.lint:lint",
    "import": "trainer.commands.import_deck:import_deck",
    "export-deck": "trainer.commands.export_deck:export_deck",
    "drill": "trainer.commands.drill:drill",
    "optimize": "trainer.commands.optimize:optimize",
    "stats": "trainer.commands.stats:stats",
    "export": "trainer.commands.export:export",
    "where": "trainer.commands.where:where",
    "backup": "trainer.commands.backup:backup",
    "restore": "trainer.commands.backup:restore",
    "doctor": "trainer.commands.backup:doctor",
    "learners": "trainer.commands.learners:learners",
    "class": "trainer.commands.classroom:class_group",
}


@dataclass
class CliContext:
    """What every subcommand gets through ``click.pass_obj``: how to reach the collection."""

    db_url: str | None = None
    _services: Services | None = field(default=None, repr=False)

    def services(self, *, bundled: bool = True) -> Services:
        """Open the collection (creating and migrating it if needed), once per process."""
        if self._services is None:
            from trainer.paths import data_home, default_db_url
            from trainer.practice.safekeeping import missing_with_backups
            from trainer.wiring import build_services

            backups = missing_with_backups(self.db_url or default_db_url(data_home()))
            if backups:
                click.echo(
                    f"trainer: warning: the collection is missing; starting a new one "
                    f"({backups} backup(s) kept: `trainer restore` lists them)",
                    err=True,
                )
            self._services = build_services(db_url=self.db_url, import_bundled=bundled)
        return self._services

    def daily_backup(self) -> None:
        """After a command that opened the collection succeeded: the day's backup, if not
        taken yet. A damaged collection is reported, never backed up."""
        if self._services is None:
            return
        from trainer.practice.safekeeping import daily_backup

        try:
            daily_backup(self._services)
        except TrainerError as exc:
            click.echo(f"trainer: warning: no daily backup: {exc}", err=True)
        except OSError as exc:
            click.echo(f"trainer: warning: no daily backup: {exc.strerror}", err=True)

    def close(self) -> None:
        if self._services is not None:
            self._services.close()
            self._services = None


class UsageLine(click.UsageError):
    """A usage error as one line on stderr, what is wrong and where to read more, instead
    of click's usage block ("Usage: …", "Try …", a blank line, "Error: …")."""

    def show(self, file: Any = None) -> None:
        path = self.ctx.command_path if self.ctx is not None else "trainer"
        message = " ".join(self.format_message().split()).rstrip(".")
        click.echo(f"{path}: error: {printable(message)}; see `{path} --help`", err=True)


def one_line(exc: click.UsageError) -> click.UsageError:
    if isinstance(exc, (UsageLine, click.exceptions.NoArgsIsHelpError)):
        return exc  # a group run bare shows its help, as asked
    return UsageLine(exc.format_message(), exc.ctx)  # exit code 2, as every usage error


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when that subcommand runs; its
    usage errors, and its subcommands', are one line (``UsageLine``)."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise one_line(exc) from exc

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, _, attr = target.partition(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            if isinstance(ctx.obj, CliContext):
                ctx.obj.daily_backup()
            return result
        except TrainerError as exc:
            click.echo(f"trainer: error: {printable(str(exc))}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("trainer: interrupted", err=True)
            ctx.exit(130)
        except click.UsageError as exc:
            raise one_line(exc) from exc
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:
            error = world_error(exc, ctx.obj)
            if error is None:
                raise  # a bug: keep the traceback
            click.echo(f"trainer: error: {printable(str(error))}", err=True)
            ctx.exit(error.exit_code)
        finally:
            if isinstance(ctx.obj, CliContext):
                ctx.obj.close()


def world_error(exc: BaseException, obj: object) -> TrainerError | None:
    """A failure of the world (damaged collection, full disk, lost database server) as a
    one-line user error; None for anything else."""
    from trainer.store.failures import as_user_error

    db_url = obj.db_url if isinstance(obj, CliContext) else None
    if db_url is None:
        from trainer.paths import data_home, default_db_url

        db_url = default_db_url(data_home())
    return as_user_error(exc, db_url)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    "db_url",
    envvar="TRAINER_DB",
    metavar="URL",
    help="SQLAlchemy URL of the collection (default: SQLite in the data dir; env TRAINER_DB).",
)
@click.version_option(__version__, "--version", "-V", prog_name="trainer")
@click.pass_context
def main_group(ctx: click.Context, db_url: str | None) -> None:
    """Practise answer-only problems: the program grades you, FSRS schedules you.

    Run with no command to open the practice app. The collection lives in the user data
    dir (override with TRAINER_HOME) or at --db.
    """
    ctx.obj = CliContext(db_url=db_url)
    if ctx.invoked_subcommand is None:
        run_tui(ctx.obj)


def run_tui(obj: CliContext) -> None:
    """Open the Textual app on the collection."""
    try:
        from trainer.tui.app import run_app
    except ModuleNotFoundError as exc:
        if exc.name != "trainer.tui.app":
            raise
        click.echo(
            "trainer: the practice app is not built yet; use `trainer --help` for the commands."
        )
        return
    run_app(obj.services())


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    main_group.main(args=argv if argv is not None else sys.argv[1:], prog_name="trainer")
