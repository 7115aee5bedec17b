"""Dates and date ranges, normalised against the document's own date.

>>> import datetime as dt
>>> d = DateNormalizer()
>>> r = d.find("3月11日至13日，检查组赴玛沁县。", dt.date(2024, 4, 10))[0]
>>> (r.start.isoformat(), r.end.isoformat(), r.text)
('2024-03-11', '2024-03-13', '3月11日至13日')
>>> r = d.find("3月起，各县开展排查。", dt.date(2024, 4, 10))[0]
>>> (r.start.isoformat(), r.end.isoformat())
('2024-03-01', '2024-04-10')
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from kg.models import DateRange

_RANGE_SEP = r"(?:至|到|—|－|-|~|～)"
_PATTERN = re.compile(
    r"(?:(?P<m3>\d{1,2})月(?P<d3>\d{1,2})" + _RANGE_SEP + r"(?P<d4>\d{1,2})日)"
    r"|(?:(?P<rel>今年|去年|明年|本年)|(?P<y>\d{4})年)?"
    r"(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})(?:日|号))?)"
    r"(?P<part>上旬|中旬|下旬|初|底|末|中)?"
    r"(?:" + _RANGE_SEP + r"(?:(?P<y2>\d{4})年)?(?:(?P<m2>\d{1,2})月)?(?P<d2>\d{1,2})(?:日|号))?"
    r"(?P<since>起|以来)?"
    r"|(?:(?P<y5>\d{4})年(?!\d{1,2}月))"
    r"|(?:(?P<rel6>今年|去年)(?!\d{1,2}月)(?P<part6>初|底|年底|年初|以来)?)"
    r"|(?:(?<![\d月])(?P<d7>\d{1,2})日" + r"(?:" + _RANGE_SEP + r"(?P<d8>\d{1,2})日)?)"
    r"|(?P<recent>近日|日前|近期|今天|昨天|当天|本月|上月)"
)


@dataclass(frozen=True)
class DateMention:
    range: DateRange
    start: int
    end: int


def _month_range(year: int, month: int, part: str | None) -> tuple[dt.date, dt.date]:
    last = calendar.monthrange(year, month)[1]
    if part in ("上旬", "初"):
        return dt.date(year, month, 1), dt.date(year, month, 10)
    if part == "中旬" or part == "中":
        return dt.date(year, month, 11), dt.date(year, month, 20)
    if part in ("下旬", "底", "末"):
        return dt.date(year, month, 21), dt.date(year, month, last)
    return dt.date(year, month, 1), dt.date(year, month, last)


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


class DateNormalizer:
    """Finds dates in a text and gives each a :class:`DateRange`."""

    def find(self, text: str, doc_date: dt.date | None, offset: int = 0) -> list[DateRange]:
        return [m.range for m in self.mentions(text, doc_date, offset)]

    def mentions(self, text: str, doc_date: dt.date | None, offset: int = 0) -> list[DateMention]:
        out: list[DateMention] = []
        for m in _PATTERN.finditer(text):
            r = self._normalise(m, doc_date)
            if r is not None:
                out.append(DateMention(r, offset + m.start(), offset + m.end()))
        return out

    @staticmethod
    def _year(explicit: str | None, rel: str | None, month: int, doc_date: dt.date | None) -> int | None:
        if explicit:
            return int(explicit)
        if doc_date is None:
            return None
        year = doc_date.year
        if rel == "去年":
            return year - 1
        if rel == "明年":
            return year + 1
        if rel is None and month > doc_date.month + 1:
            return year - 1  # a report speaks of the past: 12月 in a January issue
        return year

    def _normalise(self, m: re.Match[str], doc_date: dt.date | None) -> DateRange | None:
        g = m.groupdict()
        text = m.group(0)
        if g["m"]:
            month = int(g["m"])
            if not 1 <= month <= 12:
                return None
            year = self._year(g["y"], g["rel"], month, doc_date)
            if year is None:
                return None
            if g["d"]:
                start = _safe(year, month, int(g["d"]))
                if start is None:
                    return None
                end: dt.date = start
                if g["d2"]:
                    month2 = int(g["m2"]) if g["m2"] else month
                    end = _safe(int(g["y2"]) if g["y2"] else year, month2, int(g["d2"])) or start
                elif g["since"] and doc_date is not None:
                    end = doc_date
                return DateRange(start, max(start, end), text)
            first, last = _month_range(year, month, g["part"])
            if g["since"] and doc_date is not None:
                last = max(first, doc_date)  # 3月起: from March until the document's date
            return DateRange(first, last, text)
        if g["m3"]:
            month = int(g["m3"])
            year = self._year(None, None, month, doc_date)
            if year is None or not 1 <= month <= 12:
                return None
            day_one = _safe(year, month, int(g["d3"]))
            day_two = _safe(year, month, int(g["d4"]))
            return DateRange(day_one, max(day_one, day_two), text) if day_one and day_two else None
        if g["y5"]:
            year = int(g["y5"])
            return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31), text) if 1900 < year < 2100 else None
        if doc_date is None:
            return None
        if g["rel6"]:
            year = doc_date.year - (1 if g["rel6"] == "去年" else 0)
            part = g["part6"] or ""
            if part == "以来":
                return DateRange(dt.date(year, 1, 1), doc_date, text)
            if "底" in part:
                return DateRange(dt.date(year, 12, 1), dt.date(year, 12, 31), text)
            if "初" in part:
                return DateRange(dt.date(year, 1, 1), dt.date(year, 2, calendar.monthrange(year, 2)[1]), text)
            return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31), text)
        if g["d7"]:
            day = int(g["d7"])
            month, year = doc_date.month, doc_date.year
            if day > doc_date.day:  # 20日 in a text of the 5th: last month
                month, year = (12, year - 1) if month == 1 else (month - 1, year)
            on = _safe(year, month, day)
            until = _safe(year, month, int(g["d8"])) if g["d8"] else on
            return DateRange(on, max(on, until), text) if on and until else None
        recent = g["recent"]
        if recent in ("近日", "日前", "近期"):
            return DateRange(doc_date - dt.timedelta(days=14), doc_date, text)
        if recent == "昨天":
            day_before = doc_date - dt.timedelta(days=1)
            return DateRange(day_before, day_before, text)
        if recent in ("今天", "当天"):
            return DateRange(doc_date, doc_date, text)
        if recent == "本月":
            first, last = _month_range(doc_date.year, doc_date.month, None)
            return DateRange(first, last, text)
        if recent == "上月":
            month, year = (12, doc_date.year - 1) if doc_date.month == 1 else (doc_date.month - 1, doc_date.year)
            first, last = _month_range(year, month, None)
            return DateRange(first, last, text)
        return None
