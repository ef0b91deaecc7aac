"""Known news agencies and outlets: canonical name, home page and the zone their pages print in.

Wire pages print a local wall time without a zone ("09:19, July 29, 2021"); the
zone is the publisher's, which this table supplies. ``--timezone`` overrides it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .textcache import line_cache


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
    "chinaplus": (Source("China Plus", "http://chinaplus.cri.cn/", "Asia/Shanghai", False),
                  ("cri", "china radio international", "cri online", "chinaplus",
                   "crienglish.com", "crienglish", "cri english")),
    "cctv": (Source("CCTV", "https://english.cctv.com/", "Asia/Shanghai", False),
             ("cctv+", "cntv", "china central television", "cctv news", "cctv.com")),
    "cmg": (Source("China Media Group", "https://www.cgtn.com/", "Asia/Shanghai", False),
            ("cmg",)),
    "chinaorg": (Source("China.org.cn", "http://www.china.org.cn/", "Asia/Shanghai", False),
                 ("china.org", "china.org.cn")),
    "shine": (Source("SHINE", "https://www.shine.cn/", "Asia/Shanghai", False),
              ("shanghai daily", "shine.cn")),
    "tass": (Source("TASS", "https://tass.com/", "Europe/Moscow", True),
             ("itar-tass", "tass.com", "tass news agency", "tass russian news agency")),
    "sputnik": (Source("Sputnik", "https://sputniknews.com/", "Europe/Moscow", True),
                ("ria novosti", "ria", "sputnik news", "sputnik international")),
    "interfax": (Source("Interfax", "https://interfax.com/", "Europe/Moscow", True),
                 ("interfax-ukraine",)),
    "ukrinform": (Source("Ukrinform", "https://www.ukrinform.net/", "Europe/Kyiv", True), ()),
    "ani": (Source("ANI", "https://www.aninews.in/", "Asia/Kolkata", True),
            ("asian news international",)),
    "pti": (Source("PTI", "https://www.ptinews.com/", "Asia/Kolkata", True),
            ("press trust of india",)),
    "ians": (Source("IANS", "https://ians.in/", "Asia/Kolkata", True),
             ("indo-asian news service",)),
    "uni": (Source("UNI", "http://www.uniindia.com/", "Asia/Kolkata", True),
            ("united news of india",)),
    "app": (Source("APP", "https://www.app.com.pk/", "Asia/Karachi", True),
            ("associated press of pakistan",)),
    "kyodo": (Source("Kyodo News", "https://english.kyodonews.net/", "Asia/Tokyo", True),
              ("kyodo",)),
    "jiji": (Source("Jiji Press", "https://jen.jiji.com/", "Asia/Tokyo", True), ("jiji",)),
    "nhk": (Source("NHK", "https://www3.nhk.or.jp/nhkworld/", "Asia/Tokyo", False),
            ("nhk world",)),
    "yonhap": (Source("Yonhap", "https://en.yna.co.kr/", "Asia/Seoul", True),
               ("yonhap news agency", "yna")),
    "kcna": (Source("KCNA", "http://www.kcna.kp/", "Asia/Pyongyang", True),
             ("korean central news agency",)),
    "bernama": (Source("Bernama", "https://www.bernama.com/", "Asia/Kuala_Lumpur", True),
                ("malaysian national news agency",)),
    "antara": (Source("Antara", "https://en.antaranews.com/", "Asia/Jakarta", True),
               ("antara news", "antara news agency", "antaranews")),
    "vna": (Source("VNA", "https://en.vietnamplus.vn/", "Asia/Ho_Chi_Minh", True),
            ("vietnam news agency", "vietnamplus", "vna/vnp")),
    "pna": (Source("PNA", "https://www.pna.gov.ph/", "Asia/Manila", True),
            ("philippine news agency",)),
    "irna": (Source("IRNA", "https://en.irna.ir/", "Asia/Tehran", True),
             ("islamic republic news agency",)),
    "mehr": (Source("Mehr News Agency", "https://en.mehrnews.com/", "Asia/Tehran", True),
             ("mna", "mehr", "mehr news")),
    "tasnim": (Source("Tasnim", "https://www.tasnimnews.com/", "Asia/Tehran", True),
               ("tasnim news agency",)),
    "kuna": (Source("KUNA", "https://www.kuna.net.kw/", "Asia/Kuwait", True),
             ("kuwait news agency",)),
    "wam": (Source("WAM", "https://www.wam.ae/", "Asia/Dubai", True),
            ("emirates news agency",)),
    "spa": (Source("SPA", "https://www.spa.gov.sa/", "Asia/Riyadh", True),
            ("saudi press agency",)),
    "qna": (Source("QNA", "https://www.qna.org.qa/", "Asia/Qatar", True),
            ("qatar news agency",)),
    "mena": (Source("MENA", "https://www.mena.org.eg/", "Africa/Cairo", True),
             ("middle east news agency",)),
    "anadolu": (Source("Anadolu Agency", "https://www.aa.com.tr/", "Europe/Istanbul", True),
                ("aa", "anadolu")),
    "kazinform": (Source("Kazinform", "https://www.inform.kz/", "Asia/Almaty", True),
                  ("kazinform international news agency", "kazinform news agency",
                   "inform.kz")),
    "trend": (Source("Trend", "https://en.trend.az/", "Asia/Baku", True),
              ("trend news agency",)),
    "report": (Source("Report News Agency", "https://report.az/en/", "Asia/Baku", True),
               ("report.az", "report news agency")),
    "azertac": (Source("AZERTAC", "https://azertag.az/en", "Asia/Baku", True),
                ("azertag", "azerbaijan state news agency")),
    "oreanda": (Source("Oreanda", "https://www.oreanda.ru/", "Europe/Moscow", True),
                ("oreanda-news", "oreanda news")),
    "belta": (Source("BelTA", "https://eng.belta.by/", "Europe/Minsk", True),
              ("belarusian telegraph agency",)),
    "armenpress": (Source("Armenpress", "https://armenpress.am/", "Asia/Yerevan", True), ()),
    "irna_press": (Source("Iran Press", "https://iranpress.com/", "Asia/Tehran", True),
                   ("iranpress", "iranpress.com", "iran press news agency")),
    "fars": (Source("Fars News Agency", "https://www.farsnews.ir/", "Asia/Tehran", True),
             ("fars news", "fna")),
    "isna": (Source("ISNA", "https://en.isna.ir/", "Asia/Tehran", True),
             ("iranian students' news agency",)),
    "diha": (Source("DİHA", "http://www.diclehaber.com/", "Europe/Istanbul", True),
             ("diha", "dicle news agency", "dicle haber ajansı")),
    "sana": (Source("SANA", "https://sana.sy/en/", "Asia/Damascus", True),
             ("syrian arab news agency",)),
    "petra": (Source("Petra", "https://petra.gov.jo/", "Asia/Amman", True),
              ("jordan news agency",)),
    "nna": (Source("NNA", "https://www.nna-leb.gov.lb/", "Asia/Beirut", True),
            ("national news agency of lebanon",)),
    "bss": (Source("BSS", "https://www.bssnews.net/", "Asia/Dhaka", True),
            ("bangladesh sangbad sangstha",)),
    "tna": (Source("Thai PBS World", "https://www.thaipbsworld.com/", "Asia/Bangkok", False),
            ("thai pbs", "thaipbsworld.com")),
    "ap": (Source("The Associated Press", "https://apnews.com/", "America/New_York", True),
           ("associated press", "the associated press", "ap")),
    "upi": (Source("UPI", "https://www.upi.com/", "America/New_York", True),
            ("united press international",)),
    "cp": (Source("The Canadian Press", "https://www.thecanadianpress.com/", "America/Toronto",
                  True), ("canadian press", "the canadian press", "cp")),
    "afp": (Source("AFP", "https://www.afp.com/", "Europe/Paris", True),
            ("agence france-presse", "agence france presse", "france-presse")),
    "reuters": (Source("Reuters", "https://www.reuters.com/", "Europe/London", True),
                ("reuter", "thomson reuters", "reuters staff")),
    "dpa": (Source("dpa", "https://www.dpa.com/", "Europe/Berlin", True),
            ("deutsche presse-agentur",)),
    "apa": (Source("APA", "https://www.apa.at/", "Europe/Vienna", True),
            ("austria presse agentur",)),
    "efe": (Source("EFE", "https://efe.com/", "Europe/Madrid", True), ("agencia efe",)),
    "ansa": (Source("ANSA", "https://www.ansa.it/", "Europe/Rome", True), ("ansa english",)),
    "europapress": (Source("Europa Press", "https://www.europapress.es/", "Europe/Madrid", True),
                    ()),
    "lusa": (Source("Lusa", "https://www.lusa.pt/", "Europe/Lisbon", True),
             ("agência lusa", "agencia lusa")),
    "belga": (Source("Belga", "https://www.belga.be/", "Europe/Brussels", True), ()),
    "anp": (Source("ANP", "https://www.anp.nl/", "Europe/Amsterdam", True),
            ("algemeen nederlands persbureau",)),
    "ritzau": (Source("Ritzau", "https://ritzau.com/", "Europe/Copenhagen", True), ()),
    "ctk": (Source("ČTK", "https://www.ctk.cz/", "Europe/Prague", True),
            ("ctk", "czech news agency")),
    "mti": (Source("MTI", "https://www.mti.hu/", "Europe/Budapest", True),
            ("hungarian news agency",)),
    "bta": (Source("BTA", "https://www.bta.bg/", "Europe/Sofia", True),
            ("bulgarian news agency",)),
    "agerpres": (Source("Agerpres", "https://www.agerpres.ro/", "Europe/Bucharest", True), ()),
    "tanjug": (Source("Tanjug", "https://www.tanjug.rs/", "Europe/Belgrade", True), ()),
    "hina": (Source("HINA", "https://www.hina.hr/", "Europe/Zagreb", True),
             ("croatian news agency",)),
    "prensalatina": (Source("Prensa Latina", "https://www.plenglish.com/", "America/Havana",
                            True), ()),
    "notimex": (Source("Notimex", "https://www.notimex.gob.mx/", "America/Mexico_City", True),
                ()),
    "sapa": (Source("Sapa", "https://www.sapa.org.za/", "Africa/Johannesburg", True),
             ("south african press association", "sapa-ap", "sapa-afp", "sapa-reuters")),
    "nan": (Source("NAN", "https://www.nannewsngr.com/", "Africa/Lagos", True),
            ("news agency of nigeria",)),
    "tap": (Source("TAP", "https://www.tap.info.tn/", "Africa/Tunis", True),
            ("tunis afrique presse",)),
    "ena": (Source("ENA", "https://www.ena.et/", "Africa/Addis_Ababa", True),
            ("ethiopian news agency",)),
    "ntb": (Source("NTB", "https://www.ntb.no/", "Europe/Oslo", True),
            ("norsk telegrambyrå",)),
    "pap": (Source("PAP", "https://www.pap.pl/", "Europe/Warsaw", True),
            ("polska agencja prasowa",)),
    "aap": (Source("AAP", "https://www.aap.com.au/", "Australia/Sydney", True),
            ("australian associated press",)),
    "telam": (Source("Télam", "https://www.telam.com.ar/", "America/Argentina/Buenos_Aires",
                     True), ("telam",)),
    "agenciabrasil": (Source("Agência Brasil", "https://agenciabrasil.ebc.com.br/",
                             "America/Sao_Paulo", True), ("agencia brasil",)),
    "andina": (Source("Andina", "https://andina.pe/", "America/Lima", True),
               ("agencia andina",)),
    "gna": (Source("Ghana News Agency", "https://gna.org.gh/", "Africa/Accra", True),
            ("gna",)),
    "pana": (Source("PANA", "https://www.panapress.com/", "Africa/Dakar", True),
             ("panapress", "pan african news agency")),
    "map": (Source("MAP", "https://www.mapnews.ma/", "Africa/Casablanca", True),
            ("maghreb arabe presse",)),
    "aps": (Source("APS", "https://www.aps.dz/", "Africa/Algiers", True),
            ("algerie presse service", "algérie presse service")),
    "bloomberg": (Source("Bloomberg", "https://www.bloomberg.com/", "America/New_York", True),
                  ("bloomberg news",)),
    "bbc": (Source("BBC", "https://www.bbc.com/news", "Europe/London", False),
            ("bbc news",)),
    "dw": (Source("DW", "https://www.dw.com/", "Europe/Berlin", False),
           ("deutsche welle",)),
    "aljazeera": (Source("Al Jazeera", "https://www.aljazeera.com/", "Asia/Qatar", False),
                  ("al jazeera english",)),
    "npr": (Source("NPR", "https://www.npr.org/", "America/New_York", False), ()),
    "cnn": (Source("CNN", "https://www.cnn.com/", "America/New_York", False),
            ("cnn.com", "cable news network")),
    "abcnews": (Source("ABC News", "https://abcnews.go.com/", "America/New_York", False), ()),
    "cbsnews": (Source("CBS News", "https://www.cbsnews.com/", "America/New_York", False), ()),
    "nbcnews": (Source("NBC News", "https://www.nbcnews.com/", "America/New_York", False), ()),
    "latimes": (Source("Los Angeles Times", "https://www.latimes.com/", "America/Los_Angeles",
                       False), ("latimes.com", "times wire services")),
}

def _folded(name: str) -> str:
    """Lower case without accents or dots above: "DİHA", "Diha" and "diha" alike."""
    if name.isascii():
        return name.lower()  # what casefold and NFKD make of ASCII, at a fraction of the cost
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_INDEX: dict[str, Source] = {}
_FOLDED: dict[str, Source] = {}
for _source, _aliases in _SOURCES.values():
    for _alias in (_source.name, *_aliases):
        _INDEX[_alias.lower()] = _source
        _FOLDED[_folded(_alias)] = _source


def alternation(words: list[str]) -> str:
    """`words` as one regex alternation grouped by first letter ("a(?:p|fp)|r(?:euters)"):
    the same matches, preferred in the same order (only one group can match a given letter;
    letters a case-insensitive pattern takes for each other share a group), but a position
    where none matches costs a test per letter, not one per word."""
    groups: dict[str, list[str]] = {}
    for word in words:
        first = word[0]
        key = next((k for k in groups if re.fullmatch(re.escape(k), first, re.IGNORECASE)
                    or re.fullmatch(re.escape(first), k, re.IGNORECASE)), first)
        groups.setdefault(key, []).append(word)
    return "|".join("(?:" + "|".join(re.escape(w) for w in group) + ")" if len(
        {w[0] for w in group}) > 1 else re.escape(group[0][0]) + "(?:" +
        "|".join(re.escape(w[1:]) for w in group) + ")" for group in groups.values())


# Any alias as a word of a longer text, longest first ("Xinhua News Agency" before "Xinhua").
_MENTION = re.compile(
    r"(?<![\w.])(?:" + alternation(sorted(_INDEX, key=len, reverse=True)) + r")(?![\w])",
    re.IGNORECASE)


def _normal(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().strip(".,;:()[]/").lower())


@line_cache(8192)
def lookup(name: str) -> Source | None:
    """The known source that `name` (as printed: "Xinhua", "chinadaily.com.cn") stands for."""
    key = _normal(name)
    return _INDEX.get(key) or _INDEX.get(key.removeprefix("the ")) or \
        _FOLDED.get(_folded(key).removeprefix("the "))


def mentions(text: str) -> list[tuple[int, int, Source]]:
    """Known sources named in `text`: (start, end, source). A short alias counts only in
    capitals or as the source spells it ("AP", "dpa"), never as a word ("map", "app")."""
    return list(_mentions(text))


@line_cache()
def _mentions(text: str) -> tuple[tuple[int, int, Source], ...]:
    """The reader asks this of the same line several times: found once."""
    found = []
    for match in _MENTION.finditer(text):
        printed = match.group()
        source = _INDEX[printed.lower()]
        if len(printed) <= 4 and not (printed.isupper() or printed == source.name):
            continue
        found.append((match.start(), match.end(), source))
    return tuple(found)


def aliases() -> list[str]:
    """Every name and alias of the known sources, longest first."""
    return sorted(_INDEX, key=len, reverse=True)


def tidy_name(name: str) -> str:
    """A source's name as printed, without surrounding punctuation or extra spaces."""
    return re.sub(r"\s+", " ", name.strip().strip(".,;:()[]/|-–—")).strip()


def canonical_name(name: str) -> str:
    """The known source's name, else the printed name tidied."""
    source = lookup(name)
    return source.name if source else tidy_name(name)


def table() -> list[Source]:
    """Every known source, for the README and ``--help``."""
    return [source for source, _ in _SOURCES.values()]
