"""Table of contents for a rendered StreamField (wiki pages).

Headings come from ``heading`` blocks and from h2/h3 typed in rich text, so the TOC is
built from the rendered HTML: every ``<h2>``/``<h3>`` gets a unique ``id`` (kept when it
already has one) and an entry. Wagtail renders these tags itself, without nesting one
heading in another, so a regex over them is exact enough.
"""

import html
import re
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

HEADING = re.compile(r"<(h[23])(\s[^>]*)?>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
ID_ATTRIBUTE = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class TocEntry:
    level: int
    text: str
    anchor: str


def _existing_id(attributes: str) -> str | None:
    match = ID_ATTRIBUTE.search(attributes)
    if match is None:
        return None
    return html.unescape(match.group(1) if match.group(1) is not None else match.group(2))


def _unique(base: str, used: set[str]) -> str:
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor


def add_heading_anchors(rendered: str) -> tuple[SafeString, list[TocEntry]]:
    """Give each h2/h3 of ``rendered`` (trusted HTML) an id; return the HTML and the entries."""
    used = {_existing_id(m.group(0)) for m in ID_ATTRIBUTE.finditer(rendered)} - {None}
    entries: list[TocEntry] = []

    def anchor_heading(match: re.Match) -> str:
        tag, attributes, inner = match.group(1), match.group(2) or "", match.group(3)
        text = " ".join(html.unescape(TAG.sub("", inner)).split())
        if not text:
            return match.group(0)
        anchor = _existing_id(attributes)
        if anchor is None:
            anchor = _unique(slugify(text, allow_unicode=True) or "section", used)
            attributes = f' id="{html.escape(anchor)}"{attributes}'
        entries.append(TocEntry(level=int(tag[1]), text=text, anchor=anchor))
        return f"<{tag}{attributes}>{inner}</{tag}>"

    return mark_safe(HEADING.sub(anchor_heading, rendered)), entries


def body_with_toc(body, context=None) -> tuple[SafeString, list[TocEntry]]:
    """Render the stream ``body`` and return ``(html, toc)``; empty body: ``("", [])``."""
    if not body:
        return mark_safe(""), []
    return add_heading_anchors(str(body.render_as_block(context=context)))
