"""All sanitising of staff-written formatted text (published answers, public summaries).

Citizens' text is never HTML: it is stored as typed and escaped on output.
Only text staff format for publication passes through ``clean_html``, the one
place that knows the sanitiser, so bleach (in maintenance only) can be
swapped for nh3 without touching callers.

Staff write in a small Markdown subset (``render_markdown``; the syntax is
shown beside the fields, ``SYNTAX_HELP``): paragraphs separated by a blank
line, a line break kept as typed, ``- `` or ``* `` bulleted lists, ``1. ``
numbered lists, ``**bold**``, ``*italic*``, ``[text](https://…)`` links and
bare https:// addresses. Raw HTML is not part of it: typed tags show as text.
The source is kept beside its rendering; the rendering is always cleaned.
"""
import re

import bleach
from markdown_it import MarkdownIt

# "zero" turns every rule off; only the subset above is turned back on. html=False: tags are text.
_MARKDOWN = MarkdownIt("zero", {"breaks": True, "html": False}).enable(
    ["list", "emphasis", "link", "newline", "autolink", "escape"])

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "u", "ul", "ol", "li", "a", "blockquote", "h3", "h4"})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})


def clean_html(text: str) -> str:
    """Keep a small allow-list of formatting; strip everything else (scripts, styles, events)."""
    cleaned = bleach.clean(
        text or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    return bleach.linkify(cleaned, callbacks=[_safe_link], parse_email=False)


def _safe_link(attrs, new=False):
    attrs[(None, "rel")] = "nofollow noopener noreferrer"
    return attrs


def render_markdown(source: str | None) -> str:
    """The Markdown subset as cleaned HTML; empty for empty input."""
    if not (source or "").strip():
        return ""
    return clean_html(_MARKDOWN.render(source)).strip()


def html_to_text(html: str | None) -> str:
    """Readable plain text from cleaned HTML (rows written before the Markdown source was kept)."""
    text = re.sub(r"(?i)<br\s*/?>", "\n", (html or "").replace("\n", ""))
    text = re.sub(r"(?i)<li[^>]*>", "- ", text)
    text = re.sub(r"(?i)</(p|ul|ol|h3|h4|blockquote)>", "\n\n", text)
    text = re.sub(r"(?i)</li>", "\n", text)
    text = bleach.clean(text, tags=set(), strip=True)
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def markdown_to_text(source: str | None, html: str | None = None) -> str:
    """The plain-text part of an e-mail: the source as typed, without the emphasis marks, links
    written out; from the HTML for rows that have no source."""
    if source is None:
        return html_to_text(html)
    text = re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r"\1 (\2)", source)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    return text.strip()
