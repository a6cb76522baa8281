"""SOURCE_DATE_EPOCH (reproducible-builds.org): the one clock a reproducible build may read."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from datetime import UTC, datetime

from trustguide.core.errors import TrustGuideError

# The range a zip entry's DOS timestamp can hold.
_ZIP_MIN = datetime(1980, 1, 1, tzinfo=UTC)
_ZIP_MAX = datetime(2107, 12, 31, 23, 59, 58, tzinfo=UTC)


def source_date_epoch(environ: Mapping[str, str] = os.environ) -> int | None:
    """The build time fixed by SOURCE_DATE_EPOCH, or None when it is not set."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise TrustGuideError("SOURCE_DATE_EPOCH", f"'{value}' is not a whole number of seconds since 1970-01-01 UTC; "
                              "set it to e.g. the last commit's time: `git log -1 --format=%ct`")
    return int(value)


def zip_date_time(epoch: int | None) -> tuple[int, int, int, int, int, int]:
    """The timestamp every entry of a bundle gets: the build time, clamped to what a zip can store.

    One timestamp for all entries (rather than each file's mtime) keeps the zip identical between builds when
    SOURCE_DATE_EPOCH is set; without it, the entries carry the time of the build.
    """
    moment = datetime.fromtimestamp(time.time() if epoch is None else epoch, tz=UTC)
    moment = min(max(moment, _ZIP_MIN), _ZIP_MAX)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
