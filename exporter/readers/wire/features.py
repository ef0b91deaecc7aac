"""What one line looks like on its own: navigation, a photo caption with its credit, prose,
a title. The assembly stage weighs these with the line's neighbours."""

from __future__ import annotations

import re

from ... import sources
from ...textcache import line_cache

_FURNITURE = re.compile(
    r"(?:share(?: this(?: article| story| with)?)?(?: on)?|share ?[-:|] ?\w+|print|e-?mail|"
    r"comments?|photos?|"
    r"videos?|advertisement|home|menu|search|log ?in|sign ?up|subscribe\b.*|next(?: page)?|"
    r"previous(?: page)?|back to top|top|follow us\b.*|copyright\b.*|©.*|\(c\) .*|"
    r"all rights reserved\b.*|tags?\s*:.*|keywords?\s*:.*|read more\b.*|see also\b.*|enditem|"
    r"\(?end\)?|reuters?|-30-|#+|[-_*=~^×]{1,}|(?:\[\s*\d+\s*\]\s*)+|[<>«»|]+|close|"
    r"skip navigation|"
    r"latest (?:news|headlines):?|editor'?s pick|large medium small|a\+ a-|adjust font size:?|"
    r"\d+ min read|(?:estimated )?read(?:ing)? time:? .{0,20}|"
    r"(?:pre|prev|\d| )*next|watch video|play video|video player ?close|"
    r"text version|rss feeds?|translation -?|download image comment|listen|"
    r"related topics?|more on this story|\d+ pages? in this article|error loading player\b.*)"
    r"[\s.:!]*", re.IGNORECASE)
TAIL = re.compile(
    r"(?:related(?: (?:stories|news|articles|links|coverage|reading|topics))?|recommended"
    r"(?: for you)?|most (?:read|popular|viewed)|more (?:from|on|stories)\b.*|you may also like|"
    r"latest news|trending|editor'?s picks?|share this story on|leave your comment|"
    r"selection for you|top stories|popular|hot news|in other news|"
    r"(?:热门|最新)资讯|photos|recommended stories|see more)\s*:?", re.IGNORECASE)
_BREADCRUMB = re.compile(r"\s*>>?\s*|\s+[›»>|/]\s+|\s*\|\s*")
_BREADCRUMB_MARKS = (">", "›", "»", "|", "/")  # one of them in each of its separators
_SENTENCE_END = re.compile(r"[.!?…。]['\"’”)\]]*$|[.!?]['\"’”]$")
_LOWER_WORD = re.compile(r"\b[a-zà-ÿ][a-zà-ÿ'’-]+\b")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")

# A credit closing a caption: "(Xinhua/Li Ren)", "[Photo/Xinhua]", "(AP Photo/Name)".
_BRACKET_CREDIT = re.compile(r"\s*(?:\((?P<p>[^()]{1,80})\)|\[(?P<b>[^\[\]]{1,80})\])\s*$")
_CUT_CREDIT = re.compile(r"\s*[\(\[](?P<credit>(?:photo|foto|picture|image)s?\s?[:/]?)\s*$",
                         re.IGNORECASE)
_STRONG = re.compile(r"/|\bphotos?\b|\bfoto\b|\bpicture\b|\bimage\b|\bcredit|\bfile\b|\bvcg\b|"
                     r"\bgetty|\bcfp\b|\bic\b|\bepa\b|\bvia\b|handout|\bby\b|©", re.IGNORECASE)
# Credits printed without brackets, tried in this order, each at the end of the line:
# "Photo: VCG", "Image: DW/J. Doe", "/Xinhua", "Jane Doe via AP", "REUTERS/John Doe",
# "JOHN DOE/AP", "- Sputnik International", "| PTI".
_OPEN_CREDITS = (
    ("named", re.compile(r"(?:(?<=[\s.,;])|^)(?P<credit>(?i:photos?|foto|picture|image|credit|"
                         r"illustration)\s?[:/]\s?\S.{0,60})$")),
    ("slash", re.compile(r"(?:(?<=\s)|^)(?P<credit>/[A-Z]\w+(?: (?:Photo|Picture))?)$")),
    ("via", re.compile(r"(?:(?<=[\s.,;])|^)(?P<credit>[\w'’-]+(?: [\w.'’-]+){0,3},? via "
                       r"[A-Z][\w]*(?: [A-Z]\w*)?)$")),
    ("name/agency", re.compile(r"(?:(?<=[\s.,;])|^)(?P<credit>[A-Z][A-Za-z'’-]*"
                               r"(?: [A-Z][A-Za-z'’-]*){0,3} ?/ ?[A-Z][\w.'’-]*"
                               r"(?:[ /](?:[A-ZÀ-Þ][\w.'’-]*|d[aeiou]s?|del|la|van|von))"
                               r"{0,4})$")),
    # "... is honored with the award. CHINA DAILY": an outlet in capitals after the caption.
    ("capitals", re.compile(r"(?<=[.!?\"”’)] )(?P<credit>[A-Z][A-Z.'’&-]+(?: [A-Z][A-Z.'’&-]+)"
                            r"{0,3})$")),
    ("dash", re.compile(r"(?<=\s)(?P<credit>[-|–] [A-Z]\w+(?: [A-Z]\w+){0,2})$")),
)
_CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ.'’&- "


def _credit_from(kind: str, text: str) -> int | None:
    """Where an open credit of `kind` can start in `text` at the earliest, or None when it
    cannot be there: each ends the line, so a pattern searched from here finds what it would
    find from the line's start, without trying every word of a long caption or paragraph."""
    if kind == "named":  # a credit word, a colon or slash, at most 60 characters more
        return max(0, len(text) - 80) if ":" in text or "/" in text else None
    if kind == "slash":  # "/Xinhua": the line's last slash
        return text.rfind("/") if "/" in text else None
    if kind == "via":
        return 0 if " via " in text else None
    if kind == "name/agency":
        return 0 if "/" in text else None
    if kind == "capitals":  # a run of capitals at the line's end
        return 0 if "\n" in text else len(text.rstrip(_CAPITALS))
    last_dash = max(text.rfind("-"), text.rfind("|"), text.rfind("–"))  # "dash"
    return last_dash if last_dash >= 0 else None

_SECTION = r"[A-Z][\w&'’-]*(?: [A-Z&][\w&'’-]*)?"
_SECTION_PATH = re.compile(rf"{_SECTION}(?: / {_SECTION})+")
# "© Jane Doe", "(c) AFP 2021 / JOHN DOE": an image's credit printed on its own line.
_COPYRIGHT_CREDIT = re.compile(r"(?:©|\(c\))\s?(?P<who>[A-Z][\w.'’-]*(?: [\w.'’/-]+){0,5})",
                               re.IGNORECASE)
# Credits that stand alone on an image's line: photo agencies and "provided" credits
# ("Ti Gong", Chinese for "provided", as Shanghai pages print it).
_CREDIT_WORDS = re.compile(r"(?:Ti Gong|IC|VCG|CFP|Imaginechina|Getty Images|EPA(?:-EFE)?|"
                           r"Handout|Courtesy(?: of)? [A-Z][\w.'’ -]{1,40})")
_GLUED_CREDIT = re.compile(r"(?P<credit>(?:©|\(c\))\s?[A-Z][\w.-]*(?: \d{4})? ?/ ?"
                           r"[A-Z][A-Z.'’ -]{2,40}?)(?=[A-Z][a-z])(?P<caption>\S.{10,})")
# An unrendered template's field name left before the caption ("story.lead_photo.caption").
_TEMPLATE_CAPTION = re.compile(r"(?:\w+\.)+\w*caption\w* ", re.IGNORECASE)
CAPTION_LABEL = re.compile(r"(?:Image|Photo|Media) caption[,:]?", re.IGNORECASE)


_WIDGET_WORDS = {"print", "mail", "e-mail", "email", "share", "large", "medium", "small",
                 "font", "size", "text", "comment", "comments", "tweet", "like", "save",
                 "facebook", "twitter", "whatsapp", "wechat", "weibo", "linkedin", "reddit",
                 "copy", "link", "a+", "a-", "a", "close", "|", "-", "x", "tell", "friend",
                 "format", "article", "send", "bookmark", "recommend", "feedback", "+"}


# A site's legal or reprint notice: "All rights reserved. This material may not be published".
_NOTICE = re.compile(r"all rights reserved|may not be (?:re)?published|non-commercial use only|"
                     r"for personal use only", re.IGNORECASE)


@line_cache()  # asked of each line several times, and of the furniture
def is_navigation(text: str) -> bool:  # every page of a site repeats
    """Breadcrumbs, menus, furniture: "Home>>World", "China | World | Business", "Share",
    a row of sharing and font-size buttons ("Print Email Large Small 3")."""
    if _FURNITURE.fullmatch(text):
        return True
    tokens = text.lower().split()
    if len(tokens) <= 60 and _NOTICE.search(text):
        return True
    if len(tokens) >= 2 and all(t in _WIDGET_WORDS or t.isdigit() for t in tokens) and \
            sum(t in _WIDGET_WORDS for t in tokens) >= 2:
        return True
    if ">" in text and re.search(r">>|^[^.]{0,60}>$| > ", text):
        return True
    if " • " in text and all(not s.endswith((".", "!", "?")) and len(s.split()) <= 15
                             for s in text.split(" • ")):
        return True  # a ticker of other stories: "Port reopens ... • Rates rise ..."
    if _SECTION_PATH.fullmatch(text) and not sources.lookup(text.rsplit("/", 1)[-1]):
        return True  # "News / Metro", "CHINA / SOCIETY", "Home / Business / Macro"
    if not any(mark in text for mark in _BREADCRUMB_MARKS):
        return False  # one segment: no breadcrumb
    segments = [s for s in _BREADCRUMB.split(text) if s]
    return (len(segments) >= 3
            and all(len(s) <= 30 and not s.endswith((".", "!", "?")) for s in segments))


_FUNCTION_WORDS = {"a", "an", "the", "of", "in", "on", "to", "for", "as", "and", "at", "by",
                   "with", "from", "is", "are", "be", "after", "over", "into", "up", "vs"}


def is_menu(text: str) -> bool:
    """A list item or a row of menu entries: "• Weather today", "2. Sports", "Home News
    Sports Weather Contact", "Arts & Life"."""
    if re.match(r"(?:[•·▪►*]|\d{1,2}\.)\s", text):
        return True
    if sum(1 for t in text.split() if re.search(r"^[^#@]*[a-z][A-Z][a-z]", t)) >= 2:
        return True  # menu entries run together: "FinancialGovernment SolutionsLegal..."
    if len(re.findall(r"[a-z]{2}[.!?] [A-Z]", text)) >= 2:
        return True  # several sentences: a notice, not a title
    tokens = text.split()
    if any(t.lower() in _FUNCTION_WORDS for t in tokens):
        return False
    capital = [t for t in tokens if t[:1].isupper() or t == "&"]
    return len(tokens) >= 2 and len(capital) == len(tokens) and \
        (len(tokens) >= 4 or "&" in tokens) and not text.isupper()


def is_title_case(text: str) -> bool:
    """Every word capitalised, as some outlets print headlines ("Storm Hits Northern Coast"):
    no list item, no run-together menu, no several sentences."""
    tokens = text.split()
    return len(tokens) >= 3 and not re.match(r"(?:[•·▪►*]|\d{1,2}\.)\s", text) and \
        all(t[:1].isupper() or t[:1].isdigit() or t in ("&", "-", "–", ":") or
            t.lower() in _FUNCTION_WORDS for t in tokens) and \
        not re.search(r"[a-z][A-Z][a-z]|[a-z]{2}[.!?] [A-Z]", text)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@line_cache()
def _word_count(text: str) -> int:
    """len(words(text)): is_prose and is_title ask it of the same lines."""
    return len(_WORD.findall(text))


@line_cache()  # asked again of the lines before the body
def is_prose(text: str, last: bool = False) -> bool:
    """A paragraph of running text: enough words, mostly lower-case, a sentence's end (or the
    excerpt's end, which cuts the last line anywhere)."""
    count = _word_count(text)
    if count < 10:
        return False
    ended = bool(_SENTENCE_END.search(text)) and (not text.endswith(".") or ends_sentence(text))
    lower = len(_LOWER_WORD.findall(text))
    if lower < count * (0.25 if ended and count >= 25 else 0.4) and \
            not re.search(r"[\u3040-\u9fff]", text):
        return False
    return ended or last or count >= 25


def is_title(text: str) -> bool:
    """A headline's shape: a few words, no sentence full stop at the end, not a menu."""
    count = _word_count(text)
    if not 2 <= count <= 40 or len(text) > 300:
        return False
    if text.endswith(".") and count > 25:
        return False
    if len(re.findall(r"[{}=*<>]", text)) >= 2:
        return False  # code or an unrendered template: "{{item.title}}", "WHERE a=1 AND b=2"
    return bool(re.search(r"[^\W\d_]{2,}", text))


_ABBREVIATION_END = re.compile(
    r"(?:\b[A-Z]\.|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St|Co|"
    r"Inc|Ltd|Corp|Jr|Sr|Gov|Gen|Sen|Rep|No|Vol|Prof|Capt|Col|Lt|Sgt|vs)\.)$")


def ends_sentence(text: str) -> bool:
    """A full stop at the end that is no abbreviation ("U.S.", "Dec.")."""
    return text.endswith(".") and not _ABBREVIATION_END.search(text)


def _printed_twice(text: str) -> bool:
    """A caption run into its own copy (the image's alt text, then the caption): two equal
    halves of a caption's size, not a sentence repeated over and over."""
    half = len(text) // 2
    first = text[:half]
    if len(text) < 60 or len(first.split()) > 60:
        return False
    twice = text[half:] == first or (text[half] == " " and text[half + 1:] == first)
    core = first.strip()
    return twice and core not in (core + " " + core)[1:-1] and \
        core not in (core + core)[1:-1]  # not a shorter text over and over


@line_cache()  # asked of the lines above the body two or three times
def caption_of(text: str, before_body: bool) -> tuple[str | None, str | None, str] | None:
    """(caption, credit, how) when the line is a photo caption ending in a credit, or a bare
    credit line. `how` says which pattern matched, for --explain."""
    if text.startswith("![") or text.rstrip("\n").endswith("|"):
        text = re.sub(r"^!\[[^\]]*\]\([^)]*\) ?|\s\|$", "", text)
    if _SECTION_PATH.fullmatch(text) and not sources.mentions(text.rsplit("/", 1)[-1]):
        return None  # "CHINA / SOCIETY" is a section path, not "NAME / AGENCY"
    glued = _GLUED_CREDIT.match(text)
    if glued:  # "© AFP 2021 / JOHN DOEThe day breaks ...": the credit run into the caption
        return glued.group("caption"), glued.group("credit").strip(), \
            "a caption after its credit, run together"
    template = _TEMPLATE_CAPTION.match(text)
    if template and len(text) > template.end() + 20:
        return text[template.end():], None, "a caption after its template's field name"
    copyright_credit = _COPYRIGHT_CREDIT.fullmatch(text)
    if copyright_credit and not re.search(r"\b(?:rights|reserved|all)\b|\d{4}\s*$",
                                          copyright_credit.group("who"), re.IGNORECASE):
        return text, text, "a bare copyright credit of an image"
    if _printed_twice(text):
        return text, None, "a caption printed twice in one line (alt text and caption)"
    match = re.match(r"Image caption(?:[,:] ?| )(?P<rest>\S.*)$", text)
    if match:
        return match.group("rest"), None, "an 'Image caption' label"
    cut = _CUT_CREDIT.search(text) if "(" in text or "[" in text else None
    if cut and cut.start() > 0:  # "... a field. (Photo:" — the excerpt or page cut the credit
        return text, cut.group("credit"), "a photo credit cut off at its end"
    match = _BRACKET_CREDIT.search(text) if text.rstrip()[-1:] in (")", "]") else None
    if match:
        credit = (match.group("p") or match.group("b")).strip()
        strong = bool(_STRONG.search(credit))
        known = bool(sources.lookup(credit.split("/")[0]) or sources.mentions(credit))
        body = text[:match.start()].strip() or None
        if body is None and strong:
            return text, credit, "a bare bracketed photo credit"
        if body and (strong or (before_body and known) or
                     (known and re.search(r"\bfor\b", credit))):  # "(Jane Doe for AP)"
            return body, credit, "a bracketed credit at its end"
        return None
    if _CREDIT_WORDS.fullmatch(text):
        return text, text, "a bare photo credit (a credit word alone)"
    for kind, pattern in _OPEN_CREDITS:
        start = _credit_from(kind, text)
        match = pattern.search(text, start) if start is not None else None
        if not match:
            continue
        credit = match.group("credit").strip(" -–|/")
        lead = text[:match.start()].strip()
        agency = bool(sources.mentions(credit))
        if kind == "name/agency":
            left, _, right = credit.partition("/")
            if not (agency or left.strip().isupper() or right.strip().isupper()):
                continue
        if kind == "dash" and not agency:
            continue
        if kind == "capitals" and not (agency and (before_body or " " in credit)):
            continue  # a sign-off ("... said. IANS") closes a story; a caption's is longer
        if kind == "named" and len(credit.split(":", 1)[-1].split("/", 1)[-1].split()) > 6:
            continue  # "Related photos: a long title of another story" is a link
        if not lead:
            if kind in ("named", "name/agency", "via"):
                return text, credit, "a bare photo credit"
            continue
        if kind == "dash" and not before_body and \
                (ends_sentence(lead) or len(credit.split()) < 2 or not agency):
            continue  # "... on Red Square - Sputnik International": an image's alt text
        return text, credit, f"a photo credit at its end ({kind})"
    return None
