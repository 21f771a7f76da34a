"""``cms.toc.body_with_toc``: anchors and entries for h2/h3 of a rendered StreamField."""

import re

from cms.blocks import BodyBlock
from cms.toc import TocEntry, add_heading_anchors, body_with_toc


def stream(*items):
    return BodyBlock().to_python([{"type": kind, "value": value} for kind, value in items])


def test_headings_from_blocks_and_rich_text_get_unique_anchors(db):
    body = stream(
        ("heading", {"text": "Where our oats grow", "level": "h2"}),
        (
            "paragraph",
            '<h2 data-block-key="a1">Suppliers</h2><p>Farms.</p><h3>Oats &amp; water</h3>',
        ),
        ("heading", {"text": "Suppliers", "level": "h3"}),
        ("paragraph", "<h2>Suppliers</h2><h4>Not in the table</h4>"),
    )

    html, toc = body_with_toc(body)

    assert toc == [
        TocEntry(level=2, text="Where our oats grow", anchor="where-our-oats-grow"),
        TocEntry(level=2, text="Suppliers", anchor="suppliers"),
        TocEntry(level=3, text="Oats & water", anchor="oats-water"),
        TocEntry(level=3, text="Suppliers", anchor="suppliers-2"),
        TocEntry(level=2, text="Suppliers", anchor="suppliers-3"),
    ]
    for entry in toc:
        assert html.count(f'id="{entry.anchor}"') == 1
    assert '<h2 id="suppliers" data-block-key="a1">Suppliers</h2>' in html
    assert '<h3 id="suppliers-2" class="stream-heading">Suppliers</h3>' in html
    assert "<h4>Not in the table</h4>" in html


def test_existing_ids_are_kept_and_never_reused():
    html, toc = add_heading_anchors(
        '<p id="faq">x</p><h2 id="intro">Hello <em>world</em></h2><h2>FAQ</h2><h3>  </h3>'
    )

    assert toc == [
        TocEntry(level=2, text="Hello world", anchor="intro"),
        TocEntry(level=2, text="FAQ", anchor="faq-2"),
    ]
    assert '<h2 id="faq-2">FAQ</h2>' in html
    assert "<h3>  </h3>" in html  # an empty heading gets no entry


def test_anchor_text_is_escaped_and_non_latin_text_keeps_an_anchor():
    html, toc = add_heading_anchors("<h2>&lt;script&gt;</h2><h2>Café crème</h2><h2>!!!</h2>")

    assert toc[0].text == "<script>"
    assert toc[0].anchor == "script"
    assert "<script>" not in html
    assert toc[1].anchor == "café-crème"
    assert toc[2].anchor == "section"


def test_cost_breakdown_and_faq_headings_do_not_collide(db):
    body = stream(
        ("faq", {"title": "Questions", "items": [{"question": "Why?", "answer": "<p>So.</p>"}]}),
        ("heading", {"text": "Questions", "level": "h2"}),
    )

    html, toc = body_with_toc(body)

    assert [e.anchor for e in toc] == ["questions", "questions-2"]
    assert len(re.findall(r'id="questions(?:-2)?"', html)) == 2


def test_empty_body():
    assert body_with_toc(None) == ("", [])
    assert body_with_toc(stream()) == ("", [])
