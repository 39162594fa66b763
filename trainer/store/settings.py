"""Collection-wide settings: small JSON documents under a key."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from trainer.store.models import SettingRow


def get_setting(session: Session, key: str) -> dict[str, Any] | None:
    row = session.get(SettingRow, key)
    return dict(row.value) if row is not None else None


def put_setting(session: Session, key: str, value: dict[str, Any]) -> None:
    row = session.get(SettingRow, key)
    if row is None:
        session.add(SettingRow(key=key, value=value))
    else:
        row.value = value
