"""Settings: per-deck retention and daily limits, the day's start hour, the rating policy.

Every field is checked before anything is saved; a bad value gets a message under its
field saying what is allowed. ``trainer.practice.settings`` does the checking and saving.
"""

from __future__ import annotations

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.widgets import Footer, Input, Label, Select, Static, Switch

from trainer.domain import Preset
from trainer.practice.settings import (
    SettingsInvalid,
    SettingsView,
    load_settings,
    parse_preset,
    parse_thresholds,
    save_settings,
)
from trainer.tui.app_base import AppBase
from trainer.tui.writes import WritingScreen

PRESET_FIELDS = [
    ("desired_retention", "Desired retention", "0.70 to 0.99 (chance to recall)"),
    ("new_per_day", "New problems per day", "0 to 9999"),
    ("reviews_per_day", "Reviews per day", "0 to 99999"),
    ("day_start_hour", "New day starts at hour", "0 to 23, local time"),
]
POLICY_FIELDS = [
    ("slow_factor", "Slow: Hard above", "× your median time (above 1)"),
    ("fast_factor", "Fast: Easy below", "× your median time (0 turns Easy off)"),
    ("response_cap_s", "Longest counted time", "seconds (1 to 3600)"),
    ("min_history", "Answers before timing", "answers on a deck before times count"),
]
DEFAULTS = "__defaults__"
NEW_ORDER_CHOICES = [
    ("mixed: each section in turn", "mixed"),
    ("in file order", "file"),
]


class SettingsScreen(WritingScreen):
    app = getters.app(AppBase)
    CSS_PATH = "settings.tcss"
    BINDINGS = [
        Binding("f1", "app.help", "Help"),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def compose(self) -> ComposeResult:
        self.view: SettingsView = load_settings(self.app.services)
        options = [("Defaults for every deck", DEFAULTS)] + [
            (escape(deck.name), deck.key)  # the author's text, never markup
            for deck in self.view.decks
        ]
        with VerticalScroll(id="settings-body"):
            yield Select(options, value=DEFAULTS, allow_blank=False, id="scope")
            yield Static("Scheduling", classes="section")
            for name, label, allowed in PRESET_FIELDS:
                yield from self._field(name, label, allowed)
            with Horizontal(classes="row"):
                yield Label("New problems come", classes="label")
                yield Select(NEW_ORDER_CHOICES, allow_blank=False, id="new_order", compact=True)
            yield Static("Rating policy (every deck)", classes="section")
            for name, label, allowed in POLICY_FIELDS:
                yield from self._field(name, label, allowed)
            with Horizontal(classes="row"):
                yield Label("Hint caps rating at Hard", classes="label")
                yield Switch(value=self.view.thresholds.hint_gives_hard, id="hint_gives_hard")
        yield Footer()

    def _field(self, name: str, label: str, allowed: str) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(label, classes="label")
            yield Input(id=name, classes="value")
            yield Static(allowed, id=f"{name}-note", classes="note", markup=False)

    def on_mount(self) -> None:
        self.fill(DEFAULTS)
        thresholds = self.view.thresholds
        self.query_one("#slow_factor", Input).value = f"{thresholds.slow_factor:g}"
        self.query_one("#fast_factor", Input).value = f"{thresholds.fast_factor:g}"
        self.query_one("#response_cap_s", Input).value = f"{thresholds.response_cap_ms / 1000:g}"
        self.query_one("#min_history", Input).value = str(thresholds.min_history)
        self.query_one("#desired_retention", Input).focus()

    def fill(self, scope: str) -> None:
        preset = self.preset_for(scope)
        for name, _, _ in PRESET_FIELDS:
            self.query_one(f"#{name}", Input).value = f"{getattr(preset, name):g}"
        self.query_one("#new_order", Select).value = preset.new_order
        self.clear_errors()

    def preset_for(self, scope: str) -> Preset:
        return self.view.preset_for(None if scope == DEFAULTS else scope)

    @on(Select.Changed, "#scope")
    def scope_changed(self, event: Select.Changed) -> None:
        self.fill(str(event.value))

    def clear_errors(self) -> None:
        for name, _, allowed in PRESET_FIELDS + POLICY_FIELDS:
            note = self.query_one(f"#{name}-note", Static)
            note.remove_class("-error")
            note.update(allowed)
            self.query_one(f"#{name}", Input).remove_class("-invalid")

    def action_save(self) -> None:
        scope = str(self.query_one("#scope", Select).value)
        self.clear_errors()
        errors = []
        preset = thresholds = None
        try:
            values = {n: self.query_one(f"#{n}", Input).value for n, _, _ in PRESET_FIELDS}
            values["new_order"] = str(self.query_one("#new_order", Select).value)
            preset = parse_preset(values, self.preset_for(scope))
        except SettingsInvalid as exc:
            errors += exc.errors
        try:
            policy = {n: self.query_one(f"#{n}", Input).value for n, _, _ in POLICY_FIELDS}
            thresholds = parse_thresholds(
                {**policy, "hint_gives_hard": self.query_one(Switch).value},
                self.view.thresholds,
            )
        except SettingsInvalid as exc:
            errors += exc.errors
        if errors or preset is None or thresholds is None:
            for error in errors:
                note = self.query(f"#{error.field}-note")
                if note:
                    note.first(Static).update(f"✗ {error.message}")
                    note.first(Static).add_class("-error")
                    self.query_one(f"#{error.field}", Input).add_class("-invalid")
            some = "1 setting needs" if len(errors) == 1 else f"{len(errors)} settings need"
            self.notify(f"{some} fixing; nothing saved", severity="error")
            return
        if self.busy:
            self.notify("still saving…")
            return
        services = self.app.services
        deck = None if scope == DEFAULTS else scope
        where = "every deck" if deck is None else self.query_one("#scope", Select).selection

        def save() -> tuple[SettingsView, str]:
            save_settings(services, deck, preset, thresholds)
            return load_settings(services), str(where)

        self.write("save", save)

    def finished_save(self, result: tuple[SettingsView, str]) -> None:
        self.view, where = result
        self.notify(f"saved for {where}", title="Settings")

    def failed(self, action: str, error: str) -> None:
        self.notify(
            f"{error}; nothing saved",
            title="Could not save",
            severity="error",
            timeout=8,
            markup=False,
        )
