"""Generate N realistic wire articles for the benchmark and the batch tests.

Each article takes a real story's headline and paragraphs (BBC News, PolNeAR from
../shared/corpora, and the repository's own seed and fixtures) and prints them in
one of the layouts wire services and their outlets use (the seed's Xinhua page,
People's Daily, xinhuanet, China Daily, AP, UPI, TASS, Reuters, ANI), with a
varied agency, dateline, date, time, byline, photo captions and length.
The same count and seed always give the same files, sharded 1,000 per folder.

    python -m bench.corpus 10000 bench/corpus/10k
    python -m bench.corpus --seed-layout 4000 bench/corpus/seed-4000   # the peer's input
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_STORIES = ("bbc-news/*/*.txt", "polnear/*/text/*.txt")

# (place as printed, place name, region printed after it or None)
PLACES = [("BEIJING", None), ("DUSHANBE", "Tajikistan"), ("WASHINGTON", None),
          ("MOSCOW", None), ("TOKYO", None), ("NEW DELHI", None), ("LONDON", None),
          ("PARIS", None), ("BERLIN", None), ("SEOUL", None), ("SYDNEY", None),
          ("NAIROBI", "Kenya"), ("CAIRO", None), ("FLINT", "Mich."), ("AUSTIN", "Texas"),
          ("GENEVA", None), ("BRASILIA", None), ("JAKARTA", None), ("ANKARA", None),
          ("SHANGHAI", None), ("ISLAMABAD", None), ("HANOI", None), ("MADRID", None)]
NAMES = ["Zhang San", "Li Gang", "Wang Jiangbo", "Rie Sagawa", "Maria Lopez",
         "John Smith", "Anna Petrova", "Kim Min-jun", "Priya Sharma", "David Okafor"]
CAPTION_SUBJECTS = ["Delegates attend the meeting", "People walk past the building",
                    "Workers prepare the site", "Visitors view an exhibition",
                    "Officials speak to reporters", "Residents gather in the square"]


_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Story:
    headline: str
    paragraphs: tuple[str, ...]


def read_stories(paths: Iterable[Path]) -> list[Story]:
    """Stories from text files whose first line is the title, paragraphs blank-line separated."""
    stories = []
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        lines = [p.strip() for p in text.split("\n\n")]
        head, *rest = [" ".join(p.split()) for p in lines if p.strip()] or [""]
        paragraphs = tuple(p for p in rest if len(p) > 40)
        if head and len(paragraphs) >= 2:
            stories.append(Story(head.rstrip("."), paragraphs))
    return stories


def repo_stories() -> list[Story]:
    """The seed's and the fixtures' stories, as this project's reader reads them."""
    from exporter.pipeline import read_all
    from exporter.settings import Settings

    stories = []
    sources = [str(ROOT / "seeds"), str(ROOT / "tests" / "fixtures" / "wire")]
    for outcome in read_all(sources, Settings()):
        for record in outcome.records:
            paragraphs = tuple(record["summary"] + record["body"])
            if len(paragraphs) >= 2:
                stories.append(Story(record["headline"], paragraphs))
    return stories


def all_stories(shared: Path | None) -> list[Story]:
    stories = repo_stories()
    if shared is not None:
        corpora = shared / "corpora"
        stories += read_stories(sorted(p for pattern in SHARED_STORIES
                                       for p in corpora.glob(pattern)))
    return stories


@dataclass
class Draw:
    """The varied parts of one article."""

    story: Story
    when: datetime
    place: tuple[str, str | None]
    name: str
    body: list[str]
    captions: list[str]

    @property
    def first(self) -> str:
        return self.body[0]

    @property
    def rest(self) -> str:
        return "\n\n".join(self.body[1:])


def _day(when: date, style: str) -> str:
    if style == "ap":  # Oct. 4, Sept. 1, May 31
        month = when.strftime("%b")
        month = {"Jun": "June", "Jul": "July", "Sep": "Sept.", "May": "May"}.get(
            month, month + ".")
        return f"{month} {when.day}"
    return f"{when:%B} {when.day}"


def _place(draw: Draw, with_region: bool = True) -> str:
    place, region = draw.place
    return f"{place}, {region}" if region and with_region else place


def xinhua_page(d: Draw) -> str:  # the seed's layout
    captions = "".join(f"{c} (Xinhua)\n\n" for c in d.captions)
    return (f" date {d.when:%Y-%m-%d} {d.story.headline}\n\nXinhua) {d.when:%H:%M}, "
            f"{d.when:%B %d, %Y}\n\n{captions}{d.first}\n\n{_place(d, False)}, "
            f"{_day(d.when, 'full')} (Xinhua) -- {d.rest}\n")


def peoples_daily(d: Draw) -> str:
    captions = "".join(f"{c}. (Photo by {d.name}/Xinhua)\n\n" for c in d.captions)
    return (f"Home>>World\n\n{d.story.headline}\n\n(People's Daily Online) {d.when:%H:%M}, "
            f"{d.when:%B %d, %Y}\n\n{captions}{_place(d, False)}, {_day(d.when, 'full')} "
            f"(Xinhua) -- {d.first}\n\n{d.rest}\n\n(Web editor: {d.name})\n")


def xinhuanet(d: Draw) -> str:
    return (f"{d.story.headline}\nSource: Xinhua| {d.when:%Y-%m-%d %H:%M:%S}|Editor: {d.name}"
            f"\n\n{_place(d, False)}, {_day(d.when, 'full')} -- {d.first}\n\n{d.rest}\n\n"
            "Enditem\n")


def china_daily(d: Draw) -> str:
    return (f"{d.story.headline}\nBy {d.name} (chinadaily.com.cn) Updated: "
            f"{d.when:%Y-%m-%d %H:%M}\n\n{d.first}\n\n{d.rest}\n\nShare this article\n")


def ap(d: Draw) -> str:
    return (f"{d.story.headline}\n{d.when:%A}, {_day(d.when, 'full')}, {d.when.year}\n\n"
            f"{_place(d, False)} (AP) — {d.first}\n\n{d.rest}\n")


def upi(d: Draw) -> str:
    return (f"{d.story.headline}\n{d.when:%A}, {_day(d.when, 'full')}, {d.when.year}\n\n"
            f"{_place(d)}, {_day(d.when, 'ap')} (UPI) — {d.first}\n\n{d.rest}\n")


def tass(d: Draw) -> str:
    return (f"{d.story.headline}\n{d.when:%A}, {_day(d.when, 'full')}, {d.when.year}\n\n"
            f"{_place(d, False)}, {_day(d.when, 'full')}. /TASS/. {d.first}\n\n{d.rest}\n")


def reuters(d: Draw) -> str:
    return (f"{d.story.headline}\n{d.when:%A}, {_day(d.when, 'full')}, {d.when.year}\n"
            f"By {d.name}, Reuters\n\n{_place(d, False)} (Reuters) - {d.first}\n\n{d.rest}\n")


def ani(d: Draw) -> str:
    place, region = d.place
    where = f"{place.title()} [{region}]" if region else place.title()
    return (f"{d.story.headline}\n{d.when:%A}, {_day(d.when, 'full')}, {d.when.year}\n\n"
            f"{where} {_day(d.when, 'full')} (ANI): {d.first}\n\n{d.rest}\n")


LAYOUTS: list[Callable[[Draw], str]] = [xinhua_page, peoples_daily, xinhuanet, china_daily,
                                        ap, upi, tass, reuters, ani]


def articles(count: int, stories: list[Story], seed: int = 0,
             layouts: list[Callable[[Draw], str]] = LAYOUTS) -> Iterator[str]:
    """`count` article texts. Story i % len(stories) on day i // len(stories) after a start
    date, so that (source, day, headline), the article's identity, never repeats."""
    rng = random.Random(seed)
    start = datetime(2021, 1, 4)
    for n in range(count):
        story = stories[n % len(stories)]
        when = start + timedelta(days=n // len(stories), minutes=rng.randrange(6 * 60, 23 * 60))
        body = list(story.paragraphs[:rng.choice((2, 3, 4, 6, 8, 12, 20))])
        captions = [f"{rng.choice(CAPTION_SUBJECTS)} in {rng.choice(PLACES)[0].title()}"
                    for _ in range(rng.choice((0, 0, 1, 1, 2)))]
        draw = Draw(story, when, rng.choice(PLACES), rng.choice(NAMES), body, captions)
        yield layouts[n % len(layouts)](draw)


def generate(count: int, out: Path, shared: Path | None, seed: int = 0,
             seed_layout: bool = False) -> Path:
    """Write `count` articles under `out` (``out/000/000000.txt``...); returns `out`.

    `seed_layout`: every article in the seed's layout, in one flat folder
    (``out/000000.txt``...): variants of the seed, the input the same-work peer of the
    benchmark (``python -m bench.run``) can parse, less any character XML cannot hold
    (the peer's lxml stops at the first: an ESC in the 41,372nd of 100,000).
    """
    stories = all_stories(shared)
    layouts = [xinhua_page] if seed_layout else LAYOUTS
    for n, text in enumerate(articles(count, stories, seed, layouts)):
        path = out / (f"{n:06d}.txt" if seed_layout else f"{n // 1000:03d}/{n:06d}.txt")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_NOT_XML.sub("", text) if seed_layout else text, encoding="utf-8")
    return out


def main() -> None:
    arguments = [a for a in sys.argv[1:] if a != "--seed-layout"]
    seed_layout = len(arguments) < len(sys.argv) - 1
    count, out = int(arguments[0]), Path(arguments[1])
    shared = next((p for p in (ROOT.parent / "shared",) if p.is_dir()), None)
    generate(count, out, shared, seed_layout=seed_layout)
    print(f"{count:,} articles in {out} (stories from {shared or 'the repository only'})")


if __name__ == "__main__":
    main()
