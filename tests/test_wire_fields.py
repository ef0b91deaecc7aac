"""The wire-text reader's captions, credited sources, time stamps, bylines and datelines, on
short pages written here in the forms real pages print (see tests/test_realpages.py for the
measure on the labelled pages themselves)."""

from __future__ import annotations

import time
from datetime import date

import pytest

from exporter import sources
from exporter.readers import wire_text
from exporter.readers.datelines import split_dateline
from exporter.readers.wire.features import caption_of
from exporter.readers.wire.stamps import find_stamps
from exporter.record import ReadContext
from exporter.validation import errors

BODY = ("Officials said on Tuesday that the new bridge would open to traffic next month, "
        "after two years of work on the river crossing.")


def parse(text: str) -> dict:
    record = wire_text.parse_text(text, ReadContext("x.txt", "0" * 64))
    assert list(errors(record)) == []
    return record


def page(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


# Time stamps ------------------------------------------------------------------------------

@pytest.mark.parametrize(("stamp", "expected"), [
    ("Updated: Nov 06, 2019 05:50 IST", "2019-11-06T05:50:00+05:30"),
    ("Web posted at: 12:30 a.m. EDT, August 3, 1996", "1996-08-03T00:30:00-04:00"),
    ("Apr 27, 2015 1:01 AM CDT", "2015-04-27T01:01:00-05:00"),
    ("2010-06-03 17:38 BJT", "2010-06-03T17:38:00+08:00"),
])
def test_a_printed_zone_abbreviation_gives_the_offset(stamp, expected):
    record = parse(page("Bridge opens to traffic", stamp, BODY))
    assert record["date_published"] == expected
    assert record["timezone"] == {"name": f"UTC{expected[-6:]}", "origin": "printed"}


def test_an_update_stamp_on_the_page_dates_day_gives_the_time():
    text = " date 2016-02-21 Bridge opens to traffic\n\nUpdated: 2016-02-21 08:21 Xinhua\n\n" + BODY
    assert parse(text)["date_published"] == "2016-02-21T08:21:00+08:00"


def test_a_stamp_followed_by_a_relative_update_is_the_original():
    record = parse(page("Bridge opens to traffic",
                        "December 6, 2017 / 11:34 AM / Updated 19 hours ago", "Reuters Staff",
                        BODY))
    assert record["date_published"] == "2017-12-06T11:34:00+00:00"
    assert record["date_modified"] is None


@pytest.mark.parametrize(("text", "day"), [
    ("Jane Doe / dbOctober 7, 2015", date(2015, 10, 7)),  # initials glued to the month
    ("Fri., June 2, 20231 min. read", date(2023, 6, 2)),  # year glued to a reading time
    ("-0- PANA CU/VAO 6Jan2015", date(2015, 1, 6)),  # a wire code's date
])
def test_dates_run_into_other_text(text, day):
    assert [s.day for s in find_stamps(text)] == [day]


def test_no_month_is_read_inside_a_word():
    assert find_stamps("Mayday 12, 2020 and Junebug 4 2020") == []


# Datelines -------------------------------------------------------------------------------

@pytest.mark.parametrize(("paragraph", "place", "day", "agency", "rest"), [
    ("ANKARA", "Ankara", None, None, ""),
    ("KATHMANDU, NEPAL", "Kathmandu", None, None, ""),
    ("(Bruxelles) La Belgique s'est divisée.", "Bruxelles", None, None, "La Belgique"),
    ("México.- El Servicio Sismológico notificó", "México", None, None, "El Servicio"),
    ("Yushu, Qinghai: Relief materials have been sent", "Yushu", None, None, "Relief"),
    ("9-23-05 - The Army Corps of Engineers", None, "2005-09-23", None, "The Army"),
    ('Baku. 27 June. REPORT.AZ/ "I urge the world"', "Baku", "2015-06-27", "REPORT.AZ",
     '"I urge'),
    ("ABU DHABI, (Example Post / Other News / WAM - 02nd May, 2021) His Highness said",
     "Abu Dhabi", "2021-05-02", "WAM", "His Highness"),
    ("OREANDA-NEWS. November 24, 2008. The company will pay", None, "2008-11-24",
     "OREANDA-NEWS", "The company"),
    ("NEWS DESK (DİHA) - Clashes broke out", None, None, "DİHA", "Clashes"),
    ("Lyon, 3 jan 2016 (AFP) - Le maire a annoncé", "Lyon", "2016-01-03", "AFP", "Le maire"),
    ("DENVER, Oct 4 2012 (UPI) -- The state said", "Denver", "2012-10-04", "UPI", "The state"),
    ("Wien/Linz. Der Stadtrat hat am Montag einen neuen Plan für den Verkehr in der Innenstadt "
     "beschlossen.", "Wien/Linz", None, None, "Der Stadtrat"),
    ("Example 24 – WAM: The minister said the initiative", None, None, "WAM", "The minister"),
    ("Dubai - WAM: The minister said the initiative", "Dubai", None, "WAM", "The minister"),
    ("Cape Town - The council says the new water rules will take effect next month across all "
     "the districts of the city.", "Cape Town", None, None, "The council"),
])
def test_dateline_forms(paragraph, place, day, agency, rest):
    found, after = split_dateline(paragraph, date(2015, 6, 1))
    assert found is not None
    assert (found["place_name"], found["date"], found["agency"]) == (place, day, agency)
    assert after.strip().startswith(rest)


@pytest.mark.parametrize("paragraph", [
    "CHINA / SOCIETY",  # a section path
    "South Africa: Deep divisions ahead of the party's anniversary",  # a headline's prefix
    "Top: Rescuers save a girl from the debris of a school",  # a caption's position word
    "SPORTS",  # a section label, no place
    "(Updated) Officials said on Tuesday",
    "Cape Town - A city of two oceans",  # a title after a known place: too short for a story
    "Summer sale - Dior: the new season",  # a label and a brand, no agency
    "H.H. Example Person and the council members attended the opening of the new sports hall "
    "on Monday.",  # an honorific before a full stop
    "Summer Town - The party says the rules would not stop it from holding its rally in town.",
])
def test_no_dateline_in_lines_that_only_look_like_one(paragraph):
    assert split_dateline(paragraph, date(2015, 6, 1))[0] is None


def test_a_dateline_with_its_year_dates_a_page_without_a_stamp():
    record = parse(page("Bridge opens to traffic", "9-23-05 - " + BODY))
    assert record["date_published"] == "2005-09-23"
    assert record["dateline"]["date"] == "2005-09-23"


def test_a_known_place_alone_over_the_story_is_its_dateline():
    record = parse(page("Bridge opens to traffic", "ANKARA", BODY))
    assert record["dateline"]["place_name"] == "Ankara"
    assert record["body"] == [BODY]


# Captions --------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "caption", "credit"), [
    ("A man views a collapsed house in the town. (Jane Doe for AP)",
     "A man views a collapsed house in the town.", "Jane Doe for AP"),
    ("Buildings damaged by a strike in the capital, Dec. 20, 2024. City Emergency Service via "
     "Reuters", None, "City Emergency Service via Reuters"),
    ("Flights were grounded as the storm hit the coast [EPA]",
     "Flights were grounded as the storm hit the coast", "EPA"),
    ("The actor is honored with the award. CHINA DAILY", None, "CHINA DAILY"),
    ("(c) Jane Doe", None, "(c) Jane Doe"),
    ("Ti Gong", "Ti Gong", "Ti Gong"),
    ("© AFP 2021 / JOHN DOEThe day breaks behind the White House",
     "The day breaks behind the White House", "© AFP 2021 / JOHN DOE"),
])
def test_caption_credit_forms_among_body_paragraphs(line, caption, credit):
    found = caption_of(line, before_body=False)
    assert found is not None
    assert found[0] == (caption or line) and found[1] == credit


@pytest.mark.parametrize("line", [
    "Police said three men were arrested in the raid. IANS",  # an agency's sign-off
    "He referred to US support for the YPG/PKK terror group.",  # a slash in prose
    "© 2019 Example News. All rights reserved",  # a copyright footer
    "Copyright 2001-2006 Example Corp.",
])
def test_lines_that_are_no_captions(line):
    assert caption_of(line, before_body=False) is None


def test_a_caption_printed_twice_in_one_line_is_one_caption():
    half = "A police logo is shown at headquarters in the city on Friday, August 9, 2019."
    record = parse(page("Bridge opens to traffic", half + half, BODY))
    assert [i["caption"] for i in record["images"]] == [half + half]


def test_credits_printed_before_their_captions():
    record = parse(page(
        "Hospitals at full speed for the holiday", BODY,
        "“We will welcome the new year on the front line, and we are proud of our work,” "
        "said a nurse serving at the airport.",
        "Ti Gong", "Officials visit patients and give New Year's gifts.",
        "Ti Gong", "Volunteers at the international airport.",
        "The hospital said most of its staff will stay in the city over the festival and "
        "clinics will keep their normal opening hours."))
    assert [(i["caption"], i["credit"]) for i in record["images"]] == [
        ("Officials visit patients and give New Year's gifts.", "Ti Gong"),
        ("Volunteers at the international airport.", "Ti Gong")]


def test_a_credit_under_its_caption_stays_with_it():
    caption = "Workers clear debris after the storm in the port city on Monday, May 4, 2020."
    record = parse(page("Storm hits port city", "PORTVILLE (AP) — " + BODY, caption,
                        "JOHN DOE/AP PHOTO",
                        "The port will stay closed until the clean-up ends, the harbour master "
                        "said, and ships were sent to other ports along the coast."))
    assert [(i["caption"], i["credit"]) for i in record["images"]] == [
        (caption, "JOHN DOE/AP PHOTO")]


# Bylines and sources ---------------------------------------------------------------------

@pytest.mark.parametrize(("line", "names"), [
    ("From Jane Doe, Abuja", ["Jane Doe"]),
    ("By Senior Colonel Tan Ming, Deputy Director General of the Information Office",
     ["Tan Ming"]),
    ("Por Equipo de Redacción", ["Equipo de Redacción"]),
    ("Jane Doe / db October 7, 2015", ["Jane Doe"]),
    ("Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
])
def test_byline_forms(line, names):
    record = parse(page("Bridge opens to traffic", line, BODY))
    assert [a["name"] for a in record["authors"]] == names


def test_a_widget_label_is_no_byline():
    record = parse(page("Bridge opens to traffic", "Image Rights and Caption Information", BODY))
    assert record["authors"] == []


def test_a_reporting_credit_run_onto_the_last_sentence_names_the_reporters():
    record = parse(page("Bridge opens to traffic", "LONDON (Reuters) - " + BODY,
                        "The ministry did not comment. (Reporting by Jane Doe and Reuters TV; "
                        "Editing by John Roe)"))
    assert [a["name"] for a in record["authors"]] == ["Jane Doe"]


def test_a_reporting_credit_cut_by_the_excerpt_names_no_one():
    record = parse(page("Bridge opens to traffic", "LONDON (Reuters) - " + BODY,
                        "(Reporting by Jane Doe, John Roe and Ann"))
    assert record["authors"] == []


def test_a_correspondent_in_a_slash_dateline_is_the_byline():
    record = parse(page("Bridge opens to traffic",
                       "MOSCOW, December 2. /TASS Correspondent Ivan Petrov/. " + BODY))
    assert [a["name"] for a in record["authors"]] == ["Ivan Petrov"]


@pytest.mark.parametrize(("lead", "source"), [
    ("The bridge opens next month, Ukrinform reports.", "Ukrinform"),
    ("The minister spoke on Sunday, APA reports quoting Anadolu Agency.", "Anadolu Agency"),
    ("Report.az informs referring to Anadolu that talks were held.", "Anadolu"),
])
def test_an_agency_naming_itself_in_the_lead_is_the_source(lead, source):
    record = parse(page("Bridge opens to traffic", lead + " " + BODY))
    assert record["source"]["name"] == source


@pytest.mark.parametrize("lead", [
    "A Xinhua reporter who visited the village spoke to the farmers there at length.",
    "Yonhap news agency reported that the talks were held on Sunday in the capital city.",
])
def test_a_mention_of_an_agency_is_no_credit(lead):
    assert parse(page("Bridge opens to traffic", lead + " " + BODY))["source"] is None


def test_an_agency_run_onto_the_carrying_sites_address_signs_the_story():
    record = parse(page("Bridge opens to traffic", BODY + " PNA-example-news.com"))
    assert record["source"]["name"] == "PNA"


@pytest.mark.parametrize("closing", ["according to Example Reuters data.",
                                     "--Associated Press, on August 31"])
def test_a_quoted_outlet_after_the_body_is_no_credit(closing):
    record = parse(page("Bridge opens to traffic", BODY, closing))
    assert record["source"] is None


def test_source_names_match_without_accents_and_dots():
    assert sources.lookup("DİHA") is sources.lookup("Diha") is not None
    assert sources.lookup("Kazinform News Agency").name == "Kazinform"


@pytest.mark.parametrize(("banner", "source"), [
    ("Shanghai Daily", "Shanghai Daily"),  # the publication over a print story
    ("APA - Austria Presse Agentur", "APA"),  # the agency and its long name
    ("Riyadh - SPA", "SPA"),  # a place and the agency
])
def test_a_source_named_alone_above_the_headline_is_the_source(banner, source):
    record = parse(page(banner, "Bridge opens to traffic", BODY))
    assert record["source"]["name"] == source
    assert record["headline"] == "Bridge opens to traffic"


def test_a_name_among_other_words_above_the_headline_is_no_credit():
    record = parse(page("Shanghai Daily readers club events", "Bridge opens to traffic", BODY))
    assert record["source"] is None


def test_a_byline_run_into_the_dateline_is_the_byline():
    record = parse(page("Example News – Bridge opens to traffic",
                        "By Jane Doe, Director of the Emirates News Agency (WAM) ABU DHABI, "
                        "3 June 2021 (WAM) – " + BODY))
    assert [a["name"] for a in record["authors"]] == ["Jane Doe"]
    assert record["dateline"]["place_name"] == "Abu Dhabi"
    assert record["body"][0] == BODY
    assert record["headline"] == "Example News – Bridge opens to traffic"


def test_a_known_agency_in_the_dateline_wins_over_a_site_name_on_the_headline():
    record = parse(page("Emirates News Agency – Bridge opens to traffic",
                        "ABU DHABI, 3 June 2021 (WAM) – " + BODY))
    assert (record["source"]["name"], record["headline"]) == ("WAM", "Bridge opens to traffic")
    record = parse(page("CCTV+: Bridge opens to traffic",
                        "BEIJING, June 9, 2022 /Example Wire/ -- " + BODY))
    assert record["source"]["name"] == "CCTV+"


@pytest.mark.parametrize(("header", "place", "day", "agency"), [
    ("Reuters, Paris, Mar 3 2021, 10:15 IST", "Paris", "2021-03-03", "Reuters"),
    ("09:20 | Quito, Apr. 5.", "Quito", "2022-04-05", None),
    ("Riyadh - SPA", "Riyadh", None, "SPA"),
])
def test_a_place_printed_in_the_header_block_is_the_dateline(header, place, day, agency):
    record = parse(page(" date 2022-04-05 Bridge opens to traffic", header, BODY))
    assert record["dateline"]["place_name"] == place
    assert (record["dateline"]["date"], record["dateline"]["agency"]) == (day, agency)
    assert record["dateline"]["text"] == header
    assert header not in record["meta_lines"] + record["unparsed"]  # in one field only


@pytest.mark.parametrize("header", ["Tue March 4, 2014", "Example Daily, 2014-03-04",
                                    "Xinhua, 2014-03-04, Friendship Bridge"])
def test_a_header_line_without_a_known_place_is_no_dateline(header):
    assert parse(page("Bridge opens to traffic", header, BODY))["dateline"] is None


def test_the_headline_printed_again_before_an_agency_first_dateline():
    record = parse(page("Bridge opens to traffic", "Bridge opens to traffic (adds details) "
                        "(ANSA) - Milan, March 4 - " + BODY))
    assert record["headline"] == "Bridge opens to traffic"
    assert (record["dateline"]["place_name"], record["source"]["name"]) == ("Milan", "ANSA")
    assert record["body"] == [BODY]
    assert record["unparsed"] == ["Bridge opens to traffic (adds details)"]


def test_the_headline_printed_again_with_the_dateline_run_onto_it():
    record = parse(page("Bridge opens to traffic",
                        "Bridge opens to trafficPune/Nashik, Mar 8 : " + BODY))
    assert record["headline"] == "Bridge opens to traffic"
    assert record["dateline"]["place_name"] == "Pune/Nashik"
    assert record["body"] == [BODY]
    assert record["unparsed"] == ["Bridge opens to traffic"]


def test_a_bracketed_credit_printed_twice_is_two_images_credits():
    record = parse(page("Bridge opens to traffic", "11/03/2019", "(Reuters)", "(Reuters)",
                        "By Jane Doe", BODY, "Reuters"))
    assert [(i["caption"], i["credit"]) for i in record["images"]] == [
        ("(Reuters)", "(Reuters)"), ("(Reuters)", "(Reuters)")]
    assert record["source"]["name"] == "Reuters"  # the credit line after the story
    record = parse(page("Bridge opens to traffic", "11/03/2019", "(Reuters)", BODY))
    assert (record["images"], record["source"]["name"]) == ([], "Reuters")


# Hostile lines ---------------------------------------------------------------------------

def _seconds(text: str) -> float:
    start = time.perf_counter()
    wire_text.parse_text(text, ReadContext("x.txt", "0" * 64))
    return time.perf_counter() - start


HOSTILE = [
    "© AFP 2021 / {}The day breaks",  # a credit run into its caption
    "(c) A{}B",
    "ABU DHABI, (A {}/ WAM - 02nd May, 2021) His Highness said",
    "Baku. 27 June{}. REPORT.AZ/ text",
    "9-23-05 -{}The text",
    "The ministry did not comment. (Reporting by {}",
    "Xinhua reports quoting {}",
    "From A{}, Abuja",
    "Jane Doe /{}db",
    "(Bruxelles{}) La ville",
]


@pytest.mark.parametrize("form", HOSTILE)
def test_hostile_lines_take_time_linear_in_their_size(form):
    """A 60 KB hostile line in a caption, byline or dateline slot costs about what a 60 KB
    ordinary page costs (no pattern backtracks without bound)."""
    size = 60_000
    normal = "Headline here\n\n" + "Ordinary words of a body paragraph. " * (size // 36) + "\n"
    baseline = max(_seconds(normal), 0.05)
    for filler in (" ", "a ", "A", "/", "(", "1", "-", "May "):
        line = form.format(filler * (size // len(filler)))
        for text in (f"Headline here\n\n{line}\n\nDUSHANBE, July 28 (Xinhua) -- Body text.\n",
                     f"Headline here\n\nDUSHANBE, July 28 (Xinhua) -- Body text.\n\n{line}\n"):
            assert _seconds(text) < 30 * baseline + 1.0, (form, filler)
