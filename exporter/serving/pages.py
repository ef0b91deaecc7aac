"""The HTML a person reads: server-rendered, no JavaScript, every value escaped.

Pages use landmarks (``header``, ``nav``, ``main``, ``footer``), one ``h1``, ``lang`` on
the document and on an article in another language, ``<time datetime>`` for dates,
``figure``/``figcaption`` for photos, and a labelled search field. Every string from
the store goes through :func:`html.escape`; the embedded JSON-LD through the JSON-LD
writer's ``script_json``, which no string can end early.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode

from ..record import Article, title_of
from .representations import Offer

STYLE = """
body{font:17px/1.55 Georgia,'Times New Roman',serif;margin:0;color:#1a1a1a;background:#fdfdfb}
header,main,footer{max-width:46rem;margin:0 auto;padding:0 1rem}
header{border-bottom:1px solid #ccc;display:flex;flex-wrap:wrap;gap:1rem;
align-items:center;justify-content:space-between;padding:.6rem 1rem}
header a.home{font:bold 1.2rem system-ui,sans-serif;color:#1a1a1a;text-decoration:none}
form.search{display:flex;gap:.4rem;align-items:center}
form.search label{font:.85rem system-ui,sans-serif;color:#444}
input,button{font:1rem system-ui,sans-serif;padding:.3rem .5rem}
h1{font-size:2rem;line-height:1.2;margin:1.2rem 0 .6rem;overflow-wrap:anywhere}
.meta{font:.9rem system-ui,sans-serif;color:#555}
.lead{font-size:1.15rem;color:#333}
.dateline{font-weight:bold;text-transform:none}
figure{margin:1.2rem 0}
figure img{max-width:100%;height:auto}
figcaption{font:.85rem system-ui,sans-serif;color:#444}
.credit{color:#777}
ol.list{padding-left:0;list-style:none}
ol.list li{margin:.7rem 0}
nav.formats,nav.pages,footer{font:.85rem system-ui,sans-serif;color:#555;margin:1.5rem 0}
footer{margin:2rem auto;border-top:1px solid #ccc;padding-top:.6rem}
nav.formats ul{display:flex;flex-wrap:wrap;gap:.3rem 1rem;list-style:none;padding:0}
a{color:#0b4fa0}
a.skip{position:absolute;left:-999px}
a.skip:focus{left:1rem;top:.5rem;background:#fff;padding:.3rem}
table{border-collapse:collapse;font:.85rem system-ui,sans-serif}
th,td{border:1px solid #ccc;padding:.2rem .4rem;text-align:left;vertical-align:top}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
"""


@dataclass(frozen=True)
class Item:
    """One line of a list of articles."""

    href: str
    headline: str
    published: str | None


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def layout(title: str, content: str, *, root: str, head: str = "",
           search: str = "", lang: str = "en") -> bytes:
    """A whole page around `content` (which is already escaped HTML)."""
    return f"""<!DOCTYPE html>
<html lang="{_e(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{STYLE}</style>
{head}</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header>
<a class="home" href="{_e(root)}/">newsexport</a>
<form class="search" role="search" method="get" action="{_e(root)}/">
<label for="q">Search headlines and text</label>
<input id="q" type="search" name="q" value="{_e(search)}">
<button type="submit">Search</button>
</form>
</header>
<main id="main">
{content}
</main>
<footer>
<a href="{_e(root)}/sparql">SPARQL endpoint</a> ·
<a href="{_e(root)}/feed.atom">Atom</a> · <a href="{_e(root)}/feed.rss">RSS</a> ·
<a href="{_e(root)}/.well-known/void">VoID</a>
</footer>
</body>
</html>
""".encode()


def _time(value: str | None) -> str:
    if not value:
        return ""
    shown = value.replace("T", " ")[:16] if "T" in value else value
    return f'<time datetime="{_e(value)}">{_e(shown)}</time>'


def format_links(href: str, offers: Sequence[Offer]) -> tuple[str, str]:
    """(``<link rel=alternate>`` tags for the head, a visible list of the formats)."""
    head = "".join(f'<link rel="alternate" type="{_e(o.media_type)}" '
                   f'href="{_e(href + o.suffix)}">\n' for o in offers if o.name != "html")
    items = "".join(f'<li><a href="{_e(href + o.suffix)}" type="{_e(o.media_type)}">'
                    f"{_e(o.label)}</a></li>" for o in offers if o.name != "html")
    return head, f'<nav class="formats" aria-label="Machine formats"><h2>This ' \
                 f"page as data</h2><ul>{items}</ul></nav>"


def article_page(record: Article, *, href: str, root: str, link: Callable[[str], str],
                 offers: Sequence[Offer], script: str) -> bytes:
    """The article as a reader sees it; `link` maps an IRI to the page that shows it."""
    head, formats = format_links(href, offers)
    head += f'<link rel="canonical" href="{_e(record["iri"])}">\n'
    if record["summary"]:
        head += f'<meta name="description" content="{_e(" ".join(record["summary"]))}">\n'
    by = [f'<a href="{_e(link(a["iri"]))}">{_e(a["name"])}</a>' for a in record["authors"]]
    meta = []
    if by:
        meta.append("By " + ", ".join(by))
    if record["source"]:
        meta.append(f'<a href="{_e(link(record["source"]["iri"]))}">'
                    f'{_e(record["source"]["name"])}</a>')
    if record["date_published"]:
        meta.append("Published " + _time(record["date_published"]))
    if record["date_modified"]:
        meta.append("Updated " + _time(record["date_modified"]))
    line = record["dateline"]
    place = ""
    if line and line["place_iri"]:
        place = f' · <a href="{_e(link(line["place_iri"]))}">{_e(line["place_name"])}</a>'
    figures = []
    for image in record["images"]:
        picture = f'<img src="{_e(image["url"])}" alt="{_e(image["caption"] or "")}">' \
            if image["url"] else ""
        credit = f' <span class="credit">({_e(image["credit"])})</span>' \
            if image["credit"] else ""
        caption = f'<figcaption>{_e(image["caption"] or "")}{credit}</figcaption>' \
            if image["caption"] or image["credit"] else ""
        figures.append(f'<figure id="image-{_e(image["iri"].rsplit("/", 1)[-1])}">'
                       f"{picture}{caption}</figure>")
    body = []
    for n, paragraph in enumerate(record["body"]):
        if n == 0 and line:
            body.append(f'<p><span class="dateline">{_e(line["text"])}</span> '
                        f"{_e(paragraph)}</p>")
        else:
            body.append(f"<p>{_e(paragraph)}</p>")
    subhead = f'<p class="lead">{_e(record["subheadline"])}</p>' \
        if record["subheadline"] else ""
    summary = "".join(f'<p class="lead">{_e(p)}</p>' for p in record["summary"])
    topics = ", ".join(_e(s["name"] or s["qcode"]) for s in record["subjects"])
    content = f"""<article lang="{_e(record["language"])}">
<h1>{_e(title_of(record))}</h1>
{subhead}<p class="meta">{" · ".join(meta)}{place}</p>
{"".join(figures)}
{summary}
{"".join(body)}
{f'<p class="meta">Topics: {topics}</p>' if topics else ""}
{f'<p class="meta"><a href="{_e(record["url"])}">Original page</a></p>' if record["url"] else ""}
</article>
{formats}"""
    return layout(title_of(record), content, root=root, head=head + script + "\n",
                  lang=record["language"])


def article_list(items: Sequence[Item]) -> str:
    if not items:
        return "<p>No articles.</p>"
    rows = "".join(f'<li><a href="{_e(i.href)}">{_e(i.headline)}</a> '
                   f'<span class="meta">{_time(i.published)}</span></li>' for i in items)
    return f'<ol class="list">{rows}</ol>'


def pager(path: str, page: int, more: bool, params: dict[str, str] | None = None) -> str:
    """Previous / next links (``rel`` set) around page `page` (1-based)."""
    def href(n: int) -> str:
        query = {**(params or {}), **({"page": str(n)} if n > 1 else {})}
        return path + ("?" + urlencode(query) if query else "")
    links = []
    if page > 1:
        links.append(f'<a rel="prev" href="{_e(href(page - 1))}">← Newer</a>')
    links.append(f"Page {page}")
    if more:
        links.append(f'<a rel="next" href="{_e(href(page + 1))}">Older →</a>')
    return f'<nav class="pages" aria-label="Pages">{" · ".join(links)}</nav>'


def home_page(items: Sequence[Item], *, root: str, page: int, more: bool,
              search: str) -> bytes:
    title = f"Search: {search}" if search else "Newest articles"
    params = {"q": search} if search else {}
    content = f"<h1>{_e(title)}</h1>\n{article_list(items)}\n" \
              f"{pager(root + '/', page, more, params)}"
    return layout(title, content, root=root, search=search)


def node_page(name: str, kinds: Sequence[str], facts: Sequence[tuple[str, str]],
              items: Sequence[Item], *, href: str, root: str, page: int, more: bool,
              offers: Sequence[Offer]) -> bytes:
    """A shared node (agency, person, place) or an image: its statements and the
    articles that mention it. `facts` values are already escaped HTML."""
    head, formats = format_links(href, offers)
    rows = "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in facts)
    content = f"""<h1>{_e(name)}</h1>
<p class="meta">{_e(", ".join(kinds))}</p>
{f"<dl>{rows}</dl>" if rows else ""}
<h2>Articles</h2>
{article_list(items)}
{pager(href, page, more)}
{formats}"""
    return layout(name, content, root=root, head=head)


def results_page(query: str, names: Sequence[str], rows: Sequence[Sequence[str]],
                 base: str) -> bytes:
    """SELECT or ASK results as a table under the query, which can be edited and run
    again. IRIs under `base` link to their pages here, relatively (the endpoint may sit
    under any root path)."""
    def cell(value: str) -> str:
        if base and value.startswith(base):
            return f'<td><a href="{_e("./" + value[len(base):])}">{_e(value)}</a></td>'
        if value.startswith(("http://", "https://")):
            return f'<td><a href="{_e(value)}">{_e(value)}</a></td>'
        return f"<td>{_e(value)}</td>"
    head = "".join(f'<th scope="col">{_e(n)}</th>' for n in names)
    body = "".join("<tr>" + "".join(cell(v) for v in row) + "</tr>" for row in rows)
    content = f"""<h1>SPARQL results</h1>
<form method="post" action="">
<label for="query">Query</label><br>
<textarea id="query" name="query" rows="8" cols="70">{_e(query)}</textarea><br>
<button type="submit">Run</button>
</form>
<p class="meta">{len(rows)} row{"" if len(rows) == 1 else "s"}</p>
<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"""
    return layout("SPARQL results", content, root=".")


def error_page(status: int, message: str, *, root: str) -> bytes:
    return layout(f"{status}", f"<h1>{status}</h1><p>{_e(message)}</p>", root=root)
