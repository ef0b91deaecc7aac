"""JSON-LD and its HTML <script> block: the golden seed, the nodes, the publisher, escaping."""

from __future__ import annotations

import json
import warnings

import lxml.html
import pytest

from exporter.errors import InputError
from exporter.record import Article, ReadContext, new_record
from exporter.settings import Publisher, Settings
from exporter.writers import jsonld
from exporter.writers.jsonld import NoPublisherWarning
from tests.conftest import GOLDEN, SEED

DAILY = Settings(publisher=Publisher("Example Daily", "https://daily.example/",
                                     "https://daily.example/logo.png"))
CTX = ReadContext(name="story.txt", sha256="1f" * 32)
MEDTOP = "http://cv.iptc.org/newscodes/mediatopic/"


def seed_record() -> Article:
    return json.loads((GOLDEN / "seed.record.json").read_text(encoding="utf-8"))


def story(**fields: object) -> Article:
    """A record with every part the JSON-LD can show; `fields` replace the defaults."""
    values: dict = {
        "reader": "test", "headline": "Minister vows no concession", "subheadline": "At SCO",
        "date_published": "2021-07-29T09:19:00+08:00", "date_modified": "2021-07-29T11:00:00Z",
        "source": "Xinhua", "authors": [("Wei Ming", "person"), ("Xinhua", "organization")],
        "editors": ["Li Na"], "summary": ["One.", "Two."], "body": ["First para.", "Second."],
        "dateline": {"text": "DUSHANBE, Tajikistan, July 28 (Xinhua) --", "place": "DUSHANBE",
                     "place_name": "Dushanbe", "region": "Tajikistan", "date": "2021-07-28",
                     "agency": "Xinhua"},
        "images": [("Wei at the meeting.", "Xinhua/Li", "https://img.example/1.jpg"),
                   ("A map.", None, None)],
        "subjects": [{"qcode": "medtop:11000000", "name": "politics",
                      "uri": MEDTOP + "11000000"},
                     {"qcode": "reuters:cocoa", "name": None, "uri": None}],
        "url": "https://daily.example/2021/07/29/minister"}
    values.update(fields)
    return new_record(CTX, **values)


def by_id(doc: dict) -> dict[str, dict]:
    return {node["@id"]: node for node in doc["@graph"]}


def test_seed_matches_the_golden_file() -> None:
    """tests/golden/seed.jsonld was read line by line against the seed text: headline,
    the 09:19 Beijing time, Xinhua as source, the DUSHANBE dateline as Place and text,
    the photo caption and credit, the highlight as description, 13 body paragraphs
    without the dateline, 527 words, and no publisher (the page names none)."""
    with pytest.warns(NoPublisherWarning):
        output = jsonld.render_jsonld(seed_record(), Settings())
    assert output == (GOLDEN / "seed.jsonld").read_bytes()


def test_seed_body_is_the_seed_text_after_the_dateline() -> None:
    with pytest.warns(NoPublisherWarning):
        article = jsonld.document(seed_record(), Settings())["@graph"][0]
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").splitlines() if p.strip()]
    start = next(i for i, p in enumerate(paragraphs) if p.startswith(article["dateline"]))
    first = paragraphs[start].removeprefix(article["dateline"]).strip()
    assert article["articleBody"].split("\n\n") == [first, *paragraphs[start + 1:]]
    assert article["wordCount"] == len(article["articleBody"].split())


def test_document_shape_every_reference_is_a_node_of_the_graph() -> None:
    doc = jsonld.document(story(), DAILY)
    assert list(doc) == ["@context", "@graph"] and doc["@context"] == "https://schema.org"
    nodes = by_id(doc)
    assert len(nodes) == len(doc["@graph"])  # one node per @id
    assert all(set(node) >= {"@id", "@type"} for node in doc["@graph"])
    refs = [v["@id"] for node in doc["@graph"] for value in node.values()
            for v in (value if isinstance(value, list) else [value]) if isinstance(v, dict)]
    assert refs and all(ref in nodes for ref in refs)


def test_article_properties() -> None:
    record = story()
    article = jsonld.document(record, DAILY)["@graph"][0]
    assert article["@id"] == record["iri"] and article["@type"] == "NewsArticle"
    assert article["headline"] == "Minister vows no concession"
    assert article["alternativeHeadline"] == "At SCO"
    assert article["description"] == "One.\n\nTwo."
    assert article["articleBody"] == "First para.\n\nSecond."
    assert article["wordCount"] == 3
    assert article["datePublished"] == "2021-07-29T09:19:00+08:00"
    assert article["dateModified"] == "2021-07-29T11:00:00+00:00"
    assert article["inLanguage"] == "en"
    assert article["url"] == article["mainEntityOfPage"] == record["url"]
    assert article["dateline"] == "DUSHANBE, Tajikistan, July 28 (Xinhua) --"
    assert article["identifier"] == record["id"]
    assert article["keywords"] == ["reuters:cocoa"]


def test_agents_places_images_terms_and_input() -> None:
    record = story()
    doc = jsonld.document(record, DAILY)
    nodes, article = by_id(doc), doc["@graph"][0]
    people = [nodes[ref["@id"]] for ref in article["author"]]
    assert [(p["@type"], p["name"]) for p in people] == [("Person", "Wei Ming"),
                                                         ("Organization", "Xinhua")]
    # the agency is author and source: one node, with the source's home page
    assert article["sourceOrganization"] == article["author"][1]
    assert people[1]["url"] == "https://english.news.cn/"
    assert [nodes[e["@id"]] for e in article["editor"]] == [
        {"@id": record["editors"][0]["iri"], "@type": "Person", "name": "Li Na"}]
    place = nodes[article["locationCreated"]["@id"]]
    assert place["@id"] == record["dateline"]["place_iri"] and place["name"] == "Dushanbe"
    region = nodes[place["containedInPlace"]["@id"]]
    # the region printed is the country: it carries the country's GeoNames link
    assert region == {"@id": "https://newsexport.example/place/tajikistan", "@type": "Place",
                      "name": "Tajikistan", "sameAs": "https://sws.geonames.org/1220409/"}
    assert place["sameAs"] == "https://sws.geonames.org/1221874/"
    assert nodes[place["geo"]["@id"]] == {
        "@id": place["@id"] + "/geo", "@type": "GeoCoordinates", "latitude": 38.53575,
        "longitude": 68.77905}
    assert nodes[place["address"]["@id"]]["addressCountry"] == "TJ"
    photo, drawing = (nodes[i["@id"]] for i in article["image"])
    assert photo == {"@id": record["images"][0]["iri"], "@type": "ImageObject",
                     "caption": "Wei at the meeting.", "creditText": "Xinhua/Li",
                     "contentUrl": "https://img.example/1.jpg",
                     "url": "https://img.example/1.jpg"}
    assert drawing == {"@id": record["images"][1]["iri"], "@type": "ImageObject",
                       "caption": "A map."}
    assert [nodes[a["@id"]] for a in article["about"]] == [
        {"@id": MEDTOP + "11000000", "@type": "DefinedTerm", "name": "politics",
         "termCode": "medtop:11000000", "inDefinedTermSet": MEDTOP}]
    based_on = nodes[article["isBasedOn"]["@id"]]
    assert based_on == {"@id": "ni:///sha-256;Hx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8",
                        "@type": "MediaObject", "sha256": "1f" * 32}


def test_configured_publisher_wins_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        doc = jsonld.document(story(publisher="People's Daily"), DAILY)
    publisher = by_id(doc)[doc["@graph"][0]["publisher"]["@id"]]
    assert publisher == {"@id": "https://newsexport.example/organization/example-daily",
                         "@type": "Organization", "name": "Example Daily",
                         "url": "https://daily.example/",
                         "logo": "https://daily.example/logo.png"}


def test_publisher_named_by_the_input_is_used_when_none_is_configured() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        doc = jsonld.document(story(publisher="people.cn"), Settings())
    publisher = by_id(doc)[doc["@graph"][0]["publisher"]["@id"]]
    assert publisher == {"@id": "https://newsexport.example/organization/people-s-daily-online",
                         "@type": "Organization", "name": "People's Daily Online",
                         "url": "https://en.people.cn/"}


def test_no_publisher_is_a_warning_never_an_invented_one() -> None:
    with pytest.warns(NoPublisherWarning, match=r"\[publisher\]"):
        doc = jsonld.document(story(), Settings())
    assert "publisher" not in doc["@graph"][0]
    assert all(node["@type"] != "Organization" or node["name"] == "Xinhua"
               for node in doc["@graph"])


def test_a_configured_url_that_is_not_an_iri_is_an_input_error() -> None:
    settings = Settings(publisher=Publisher("Daily", "https://daily.example/", "logo.png"))
    with pytest.raises(InputError, match=r"publisher\.logo"):
        jsonld.document(story(), settings)


@pytest.mark.parametrize(("published", "modified", "kept"), [
    ("2021-07-29T09:19:00+08:00", "2021-07-29T09:20:00+08:00", True),
    ("2021-07-29T09:19:00+08:00", "2021-07-29T01:19:00Z", True),  # the same instant
    ("2021-07-29T09:19:00+08:00", "2021-07-29T01:18:59Z", False),  # one second before
    ("2021-07-29T09:19:00+08:00", "2021-07-29", True),  # same day: not provably before
    ("2021-07-29T09:19:00+08:00", "2021-07-28", False),
    ("2021-07-29", "2021-07-28T23:59:00+08:00", False),
    ("2021-07-29", "2021-07-29", True),
    (None, "2021-07-28", True),
])
def test_date_modified_is_never_before_date_published(published: str | None, modified: str,
                                                      kept: bool) -> None:
    article = jsonld.document(story(date_published=published, date_modified=modified),
                              DAILY)["@graph"][0]
    assert ("dateModified" in article) is kept
    assert article.get("datePublished") == published


def test_unknown_parts_are_left_out_not_emptied() -> None:
    record = new_record(CTX, reader="test", headline="Bare", language="fr")
    with pytest.warns(NoPublisherWarning):
        doc = jsonld.document(record, Settings())
    assert doc["@graph"][0] == {
        "@id": record["iri"], "@type": "NewsArticle", "headline": "Bare", "inLanguage": "fr",
        "wordCount": 0, "identifier": record["id"],
        "isBasedOn": {"@id": doc["@graph"][1]["@id"]}}
    assert len(doc["@graph"]) == 2


def test_output_is_utf8_json_with_the_text_as_written() -> None:
    record = story(headline="Ürümqi: “quotes” & 中文")
    text = jsonld.render_jsonld(record, DAILY).decode("utf-8")
    assert "Ürümqi: “quotes” & 中文" in text
    assert json.loads(text) == jsonld.document(record, DAILY)


HOSTILE = ('</script><script>alert(1)</script><!-- <SCRIPT> </ScRiPt > ]]> & &amp; '
           '\u2028\u2029 "q" \\ end')
SCRIPT_TAG = '<script type="application/ld+json">'


def test_html_script_cannot_be_broken_by_any_string() -> None:
    record = story(headline=HOSTILE, body=[HOSTILE], summary=["<!--"], subheadline="-->")
    page = jsonld.render_html(record, DAILY).decode("utf-8")
    # what a browser takes as the script: up to the first </script>, in any case
    start = page.index(SCRIPT_TAG) + len(SCRIPT_TAG)
    inner = page[start:page.lower().index("</script", start)]
    for dangerous in ("<", ">", "&", "\u2028", "\u2029"):
        assert dangerous not in inner
    assert json.loads(inner) == jsonld.document(record, DAILY)
    assert page.lower().count("<script") == page.lower().count("</script") == 1


def test_html_is_one_script_block_ready_to_paste_into_a_page() -> None:
    record = story()
    block = jsonld.render_html(record, DAILY).decode("utf-8")
    assert block.startswith(SCRIPT_TAG + "\n") and block.endswith("\n</script>\n")
    page = lxml.html.document_fromstring(f"<html><head>{block}</head><body></body></html>")
    [script] = page.findall(".//script")
    assert script.get("type") == "application/ld+json"
    assert json.loads(script.text) == json.loads(jsonld.render_jsonld(record, DAILY))


def test_kept_nodes_follow_the_record_and_warn_every_time() -> None:
    """article_nodes gives its last nodes again for the same article (publish asks eight
    times): never for a record changed in place, and with its warning each time."""
    record, settings = seed_record(), Settings()
    record["publisher"] = None
    for _ in range(2):
        with pytest.warns(NoPublisherWarning):
            nodes = jsonld.article_nodes(record, settings)
        assert nodes[0]["headline"] == record["headline"]
    record["headline"] = "Another headline"
    with pytest.warns(NoPublisherWarning):
        assert jsonld.article_nodes(record, settings)[0]["headline"] == "Another headline"
    configured = Settings(publisher=Publisher(name="Example News"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert any(node.get("name") == "Example News"
                   for node in jsonld.article_nodes(record, configured))
