"""Where a ``next`` parameter may send the browser: only a path on this site.

Browsers drop tabs and newlines anywhere in a URL and control characters or
spaces at its ends, so ``/\t/evil.example`` is followed as ``//evil.example``.
A target is judged as the browser would read it; anything that is not
plainly a same-site path is refused rather than repaired.
"""
import unicodedata
from urllib.parse import urlsplit


def _is_invisible(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")


def safe_redirect_target(target: str | None, *, under: str = "/") -> str | None:
    """``target`` if it is a path on this site beginning with ``under``, else None."""
    if not target or any(_is_invisible(ch) for ch in target):
        return None
    if "\\" in target or "//" in target or not target.startswith(under):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
