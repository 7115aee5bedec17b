"""Dates normalised against the document date, and amounts in yuan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kg.extract.amounts import AmountParser
from kg.extract.dates import DateNormalizer

ISSUE = dt.date(2024, 4, 10)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("3月11日至13日", "2024-03-11", "2024-03-13"),
        ("3月11至12日", "2024-03-11", "2024-03-12"),
        ("3月2日至3月3日", "2024-03-02", "2024-03-03"),
        ("今年1月底", "2024-01-21", "2024-01-31"),
        ("近日", "2024-03-27", "2024-04-10"),
        ("2023年12月5日", "2023-12-05", "2023-12-05"),
        ("12月5日", "2023-12-05", "2023-12-05"),  # a later month than the issue: last year
        ("3月起", "2024-03-01", "2024-04-10"),  # from March until the issue
        ("今年以来", "2024-01-01", "2024-04-10"),
        ("2023年12月28日至2024年1月3日", "2023-12-28", "2024-01-03"),
        ("去年底", "2023-12-01", "2023-12-31"),
    ],
)
def test_dates_against_the_issue_date(text: str, start: str, end: str) -> None:
    [found] = DateNormalizer().find(text, ISSUE)
    assert (found.start.isoformat(), found.end.isoformat()) == (start, end)


def test_day_only_dates_in_news() -> None:
    [found] = DateNormalizer().find("林海峰20日在银川主持召开座谈会", dt.date(2016, 7, 21))
    assert found.start == dt.date(2016, 7, 20)
    [earlier] = DateNormalizer().find("1日至6日，周明远先后来到拉萨", dt.date(2013, 8, 6))
    assert (earlier.start, earlier.end) == (dt.date(2013, 8, 1), dt.date(2013, 8, 6))


def test_mentions_carry_offsets() -> None:
    [m] = DateNormalizer().mentions("会上，3月8日召开。", ISSUE, offset=100)
    assert (m.start, m.end) == (103, 107)


def test_relative_dates_need_a_document_date() -> None:
    assert DateNormalizer().find("近日召开", None) == []


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("50813万元", "508130000"),
        ("1.5亿元", "150000000"),
        ("2.3亿元", "230000000"),
        ("2.25万元", "22500"),
        ("300元", "300"),
        ("1,200元", "1200"),
        ("3000余万元", "30000000"),  # the lower bound
        ("1.2万亿元", "1200000000000"),
    ],
)
def test_amounts(text: str, yuan: str) -> None:
    [amount] = AmountParser().find(f"项目总投资{text}。")
    assert amount.yuan == Decimal(yuan)
    assert amount.text == text


def test_other_currencies_are_not_yuan() -> None:
    assert AmountParser().find("引进外资5000万美元，港资300万港元。") == []


def test_amount_spans_give_offsets() -> None:
    [(start, end, amount)] = AmountParser().spans("其中援建资金2500万元。")
    assert (start, end, amount.yuan) == (6, 12, Decimal(25_000_000))
