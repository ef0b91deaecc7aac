"""A date is one the page prints, never one counted from the day of the run: dateparser's
relative-time parser would read "6 jours 2014" (six days) as six days ago, so the output
of the same input would change from one day to the next."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("dateparser")

from exporter.readers.html.when import printed_day
from exporter.readers.wire.stamps import _foreign_day

RELATIVE = ["2. днів 2014", "6 jours 2014", "3 Tage 2019", "5 días 2020"]


@pytest.mark.parametrize("span", RELATIVE)
def test_the_wire_reader_reads_no_date_counted_from_today(span):
    assert _foreign_day(span) is None


def test_the_wire_reader_still_reads_a_printed_foreign_date():
    assert _foreign_day("12 juillet 2014") == date(2014, 7, 12)
    assert _foreign_day("3. März 2019") == date(2019, 3, 3)


def test_an_html_page_gives_no_date_counted_from_today():
    assert printed_day("Publié il y a 6 jours, 2014", "fr") is None
    assert printed_day("Publié le 12 juillet 2014", "fr") == "2014-07-12"


def test_the_parsers_are_dateparsers_defaults_but_relative_time():
    """Leaving out relative-time must not bring in a parser dateparser does not use by
    default (no-spaces-time reads "010203" as 2 January 2003)."""
    from dateparser.conf import settings

    from exporter.dates import ABSOLUTE_PARSERS

    assert [p for p in settings.PARSERS if p != "relative-time"] == ABSOLUTE_PARSERS
