"""SQL aggregates for the stats screen and streaming row reads for the exports.

``stats_sql`` holds the GROUP BYs behind ``trainer.practice.reports.stats_report``;
``export_sql`` streams raw rows for ``trainer export``; ``day_sql`` turns epoch-ms columns
into local scheduler days inside SQL.
"""

from trainer.store.aggregates.day_sql import DayClock

__all__ = ["DayClock"]
