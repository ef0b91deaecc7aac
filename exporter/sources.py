"""Known news agencies and outlets: canonical name, home page and the zone their pages print in.

Wire pages print a local wall time without a zone ("09:19, July 29, 2021"); the
zone is the publisher's, which this table supplies. ``--timezone`` overrides it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    name: str
    url: str
    timezone: str
    agency: bool  # a wire agency (credited source) rather than an outlet (publisher)


_SOURCES: dict[str, tuple[Source, tuple[str, ...]]] = {
    "xinhua": (Source("Xinhua", "https://english.news.cn/", "Asia/Shanghai", True),
               ("xinhua news agency", "xinhuanet", "xinhua net", "xinhuanet.com", "news.cn")),
    "people": (Source("People's Daily Online", "https://en.people.cn/", "Asia/Shanghai", False),
               ("people's daily", "people.cn", "en.people.cn", "people's daily online",
                "people’s daily", "people’s daily online")),
    "chinadaily": (Source("China Daily", "https://www.chinadaily.com.cn/", "Asia/Shanghai", False),
                   ("chinadaily.com.cn", "china daily online", "chinadaily")),
    "globaltimes": (Source("Global Times", "https://www.globaltimes.cn/", "Asia/Shanghai", False),
                    ("globaltimes.cn", "gt")),
    "chinamil": (Source("China Military Online", "http://eng.chinamil.com.cn/", "Asia/Shanghai",
                        False),
                 ("china military", "chinamil.com.cn", "eng.chinamil.com.cn", "chinamil")),
    "cgtn": (Source("CGTN", "https://www.cgtn.com/", "Asia/Shanghai", False), ("cgtn.com",)),
    "chinanews": (Source("China News Service", "https://www.ecns.cn/", "Asia/Shanghai", True),
                  ("ecns", "ecns.cn", "chinanews", "cns")),
    "tass": (Source("TASS", "https://tass.com/", "Europe/Moscow", True),
             ("itar-tass", "tass.com", "tass news agency")),
    "sputnik": (Source("Sputnik", "https://sputniknews.com/", "Europe/Moscow", True),
                ("ria novosti", "ria", "sputnik news")),
    "ani": (Source("ANI", "https://www.aninews.in/", "Asia/Kolkata", True),
            ("asian news international",)),
    "pti": (Source("PTI", "https://www.ptinews.com/", "Asia/Kolkata", True),
            ("press trust of india",)),
    "ians": (Source("IANS", "https://ians.in/", "Asia/Kolkata", True),
             ("indo-asian news service",)),
    "kyodo": (Source("Kyodo News", "https://english.kyodonews.net/", "Asia/Tokyo", True),
              ("kyodo",)),
    "yonhap": (Source("Yonhap", "https://en.yna.co.kr/", "Asia/Seoul", True),
               ("yonhap news agency",)),
    "ap": (Source("The Associated Press", "https://apnews.com/", "America/New_York", True),
           ("associated press", "the associated press")),
    "upi": (Source("UPI", "https://www.upi.com/", "America/New_York", True),
            ("united press international",)),
    "afp": (Source("AFP", "https://www.afp.com/", "Europe/Paris", True),
            ("agence france-presse", "agence france presse", "france-presse")),
    "reuters": (Source("Reuters", "https://www.reuters.com/", "Europe/London", True),
                ("reuter", "thomson reuters")),
    "dpa": (Source("dpa", "https://www.dpa.com/", "Europe/Berlin", True),
            ("deutsche presse-agentur",)),
    "efe": (Source("EFE", "https://efe.com/", "Europe/Madrid", True), ("agencia efe",)),
    "ansa": (Source("ANSA", "https://www.ansa.it/", "Europe/Rome", True), ()),
    "bernama": (Source("Bernama", "https://www.bernama.com/", "Asia/Kuala_Lumpur", True), ()),
    "anadolu": (Source("Anadolu Agency", "https://www.aa.com.tr/", "Europe/Istanbul", True),
                ("aa", "anadolu")),
    "bloomberg": (Source("Bloomberg", "https://www.bloomberg.com/", "America/New_York", True),
                  ("bloomberg news",)),
}

_INDEX: dict[str, Source] = {}
for _key, (_source, _aliases) in _SOURCES.items():
    for _alias in (_key, _source.name, *_aliases):
        _INDEX[_alias.lower()] = _source


def _normal(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().strip(".,;:()[]/").lower())


def lookup(name: str) -> Source | None:
    """The known source that `name` (as printed: "Xinhua", "chinadaily.com.cn") stands for."""
    key = _normal(name)
    return _INDEX.get(key) or _INDEX.get(key.removeprefix("the "))


def canonical_name(name: str) -> str:
    """The known source's name, else the printed name tidied."""
    source = lookup(name)
    return source.name if source else re.sub(r"\s+", " ", name.strip().strip(".,;:()[]/"))


def table() -> list[Source]:
    """Every known source, for the README and ``--help``."""
    return [source for source, _ in _SOURCES.values()]
