"""Local scheduler days: the day-start hour, DST changes, and the machine's own zone."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from trainer.domain import Preset
from trainer.scheduling.days import SchedulerDay

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
US = timedelta(microseconds=1)


def local(zone: ZoneInfo, *args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=zone, fold=fold)


def test_review_before_the_day_start_hour_belongs_to_the_previous_day() -> None:
    days = SchedulerDay(4, "Europe/Berlin")
    evening = days.day_number(local(BERLIN, 2025, 6, 10, 22, 0))
    assert days.day_number(local(BERLIN, 2025, 6, 11, 3, 59, 59)) == evening
    assert days.day_number(local(BERLIN, 2025, 6, 11, 4, 0)) == evening + 1


def test_day_numbers_count_from_the_1970_day() -> None:
    days = SchedulerDay(4, "UTC")
    assert days.day_number(datetime(1970, 1, 1, 4, tzinfo=UTC)) == 0
    assert days.day_number(datetime(1970, 1, 1, 3, 59, tzinfo=UTC)) == -1
    assert days.day_number(datetime(1970, 1, 11, 12, tzinfo=UTC)) == 10


@pytest.mark.parametrize(
    ("zone", "spring", "autumn"),
    [
        ("Europe/Berlin", (2025, 3, 30), (2025, 10, 26)),
        ("America/New_York", (2025, 3, 9), (2025, 11, 2)),
    ],
    ids=["berlin", "new-york"],
)
def test_dst_days_are_23_and_25_hours_and_still_one_day(
    zone: str, spring: tuple[int, int, int], autumn: tuple[int, int, int]
) -> None:
    days = SchedulerDay(4, zone)
    tz = ZoneInfo(zone)
    # The clocks change at 02:00-03:00, before the 04:00 day start: the day holding the
    # change is the one that started the previous morning.
    spring_day = days.day_number(local(tz, *spring, 3, 30))
    autumn_day = days.day_number(local(tz, *autumn, 3, 30))
    assert spring_day == days.day_number(local(tz, *spring, 12)) - 1
    assert autumn_day == days.day_number(local(tz, *autumn, 12)) - 1
    assert days.day_start(spring_day + 1) - days.day_start(spring_day) == timedelta(hours=23)
    assert days.day_start(autumn_day + 1) - days.day_start(autumn_day) == timedelta(hours=25)
    # Each day still starts at 04:00 local time on both sides of the change.
    for number in (spring_day - 1, spring_day, spring_day + 1, autumn_day, autumn_day + 1):
        start = days.day_start(number).astimezone(tz)
        assert (start.hour, start.minute) == (4, 0)


def test_day_start_in_a_dst_gap_is_the_first_instant_past_the_hour() -> None:
    # Berlin skips 02:00-03:00 on 2025-03-30: a day starting at 02:00 starts at 03:00 CEST.
    days = SchedulerDay(2, "Europe/Berlin")
    number = days.day_number(local(BERLIN, 2025, 3, 30, 12))
    assert days.day_start(number) == datetime(2025, 3, 30, 1, 0, tzinfo=UTC)
    assert days.day_number(datetime(2025, 3, 30, 0, 59, 59, tzinfo=UTC)) == number - 1


def test_day_start_in_a_repeated_hour_is_its_first_occurrence() -> None:
    # Berlin runs 02:00-03:00 twice on 2025-10-26; the day starts at the first 02:00 (CEST).
    days = SchedulerDay(2, "Europe/Berlin")
    number = days.day_number(local(BERLIN, 2025, 10, 26, 12))
    assert days.day_start(number) == datetime(2025, 10, 26, 0, 0, tzinfo=UTC)
    assert days.day_number(local(BERLIN, 2025, 10, 26, 2, 30, fold=1)) == number


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe"])
@pytest.mark.parametrize("hour", [0, 2, 4, 23])
def test_day_start_and_day_number_agree_for_a_whole_year(zone: str, hour: int) -> None:
    days = SchedulerDay(hour, zone)
    first = days.day_number(datetime(2025, 1, 1, 12, tzinfo=UTC))
    for number in range(first, first + 366):
        start = days.day_start(number)
        assert start.tzinfo is UTC
        assert days.day_number(start) == number
        assert days.day_number(start - US) == number - 1


def test_today_bounds_hold_now_and_end_where_tomorrow_starts() -> None:
    days = SchedulerDay(4, "America/New_York")
    now = local(NEW_YORK, 2025, 11, 2, 1, 30, fold=1)  # the repeated hour, before 04:00
    start, end = days.today_bounds(now)
    assert start <= now < end
    assert start == local(NEW_YORK, 2025, 11, 1, 4, 0)
    assert end == local(NEW_YORK, 2025, 11, 2, 4, 0)
    assert end - start == timedelta(hours=25)


def test_for_preset_uses_the_preset_hour_and_zone_and_is_shared() -> None:
    preset = Preset(day_start_hour=6, timezone="Europe/Berlin")
    days = SchedulerDay.for_preset(preset)
    assert (days.day_start_hour, days.timezone) == (6, "Europe/Berlin")
    assert SchedulerDay.for_preset(Preset(day_start_hour=6, timezone="Europe/Berlin")) is days


def test_machine_local_zone_is_used_when_the_preset_names_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        days = SchedulerDay(4, None)
        number = days.day_number(local(NEW_YORK, 2025, 3, 8, 12))  # holds the change
        assert days.day_start(number + 1) - days.day_start(number) == timedelta(hours=23)
        assert days.day_start(number) == local(NEW_YORK, 2025, 3, 8, 4)
        assert days.day_number(local(NEW_YORK, 2025, 3, 9, 3, 59)) == number
        assert days.day_number(local(NEW_YORK, 2025, 3, 9, 4, 0)) == number + 1
    finally:
        monkeypatch.undo()
        time.tzset()


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        SchedulerDay(4, "UTC").day_number(datetime(2025, 1, 1, 12))


@pytest.mark.parametrize(
    ("hour", "zone", "message"),
    [
        (24, "UTC", "day_start_hour: must be between 0 and 23"),
        (-1, "UTC", "day_start_hour"),
        ("4", "UTC", "day_start_hour: expected an integer"),
        (4, "Mars/Olympus_Mons", "timezone: unknown time zone 'Mars/Olympus_Mons'"),
        (4, "", "timezone: expected an IANA zone name"),
    ],
    ids=["hour-24", "hour-negative", "hour-string", "unknown-zone", "empty-zone"],
)
def test_bad_settings_say_which_field(hour: object, zone: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SchedulerDay(hour, zone)  # type: ignore[arg-type]
