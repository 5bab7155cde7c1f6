"""All sanitising of staff-written formatted text (published answers, public summaries).

Citizens' text is never HTML: it is stored as typed and escaped on output.
Only text staff format for publication passes through ``clean_html``, the one
place that knows the sanitiser, so bleach (in maintenance only) can be
swapped for nh3 without touching callers.
"""
import bleach

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


def plain_text(html: str | None) -> str:
    """Sanitised HTML read as plain text (for machine clients): tags dropped, entities decoded,
    paragraphs and list items on their own lines."""
    import html as entities
    import re

    text = re.sub(r"(?i)<br\s*/?>|</(p|li|h3|h4|blockquote)>", "\n", html or "")
    text = bleach.clean(text, tags=set(), strip=True)
    return re.sub(r"\n{2,}", "\n", entities.unescape(text)).strip()
