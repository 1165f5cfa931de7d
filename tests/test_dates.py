"""Dates stated in a sentence, read against the article's dateline."""

from __future__ import annotations

import pytest

from libgraph.dates import sentence_date


@pytest.mark.parametrize(("text", "expected"), [
    ("The delegation visited the library on 3 May.", "2023-05-03"),
    ("The delegation visited the library last October.", "2022-10"),
    ("The delegation visited the library last May.", "2023-05"),
    ("The two libraries will meet again next March.", "2024-03"),
    ("The director met the ambassador on Monday.", "2023-06-12"),  # the dateline is a Wednesday
    ("The director met the ambassador on Wednesday.", "2023-06-14"),
    ("This may help the library.", None),  # "may" is no month here
    ("The library was visited in 2019.", "2019"),
])
def test_dates_relative_to_the_dateline(text: str, expected: str | None) -> None:
    assert sentence_date(text, "2023-06-14") == expected
