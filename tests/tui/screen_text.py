"""What a widget shows, as plain text: for asserting on screens in Pilot tests."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widget import Widget


def shown_text(widget: Widget) -> str:
    """The plain text a Static-like widget shows."""
    content = getattr(widget, "content", "")
    if isinstance(content, str):
        return content
    if hasattr(content, "plain"):
        return str(content.plain)
    console = Console(width=100, record=True, file=io.StringIO(), color_system=None)
    console.print(content)
    return console.export_text()
