"""Markdown from the crowd renders to a small, safe subset of HTML."""

from html.parser import HTMLParser

import pytest

from ideas.markdown import render_markdown, sanitize_html


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parsed(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = TagCollector()
    collector.feed(html)
    return collector.tags


def assert_harmless(html: str) -> None:
    for tag, attrs in parsed(html):
        assert tag not in {"script", "img", "iframe", "style", "svg", "object", "form"}, html
        for name, value in attrs.items():
            assert not name.startswith("on"), html
            assert name not in {"style", "src"}, html
            if name == "href":
                assert value.split(":", 1)[0] in {"http", "https", "mailto"}, html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "Hello <script>document.cookie</script> world",
        '<img src="x" onerror="alert(1)">',
        '<a href="https://example.org" onclick="steal()">x</a>',
        "<div style=\"background:url('javascript:alert(1)')\">styled</div>",
        '<iframe src="https://evil.example"></iframe>',
        "<svg onload=alert(1)>",
        "[click me](javascript:alert(1))",
        "[click me](JaVaScRiPt:alert(1))",
        "[click me](vbscript:msgbox(1))",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[pixel](data:image/png;base64,iVBORw0KGgo=)",
        "![pixel](data:image/png;base64,iVBORw0KGgo=)",
        '![x](https://example.org/x.png "title" onerror=alert(1))',
        "<javascript:alert(1)>",
    ],
)
def test_dangerous_input_renders_harmless(source):
    html = render_markdown(source)

    assert_harmless(html)
    assert "<script" not in html


def test_raw_html_is_escaped_as_text():
    html = render_markdown('<b onclick="x()">bold?</b> <script>alert(1)</script>')

    assert html == (
        '<p>&lt;b onclick="x()"&gt;bold?&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>\n'
    )


@pytest.mark.parametrize(
    "source, fragment",
    [
        ("[click me](javascript:alert(1))", "[click me](javascript:alert(1))"),
        ("[data](data:text/html,hi)", "[data](data:text/html,hi)"),
    ],
)
def test_refused_links_are_shown_as_plain_text(source, fragment):
    html = render_markdown(source)

    assert parsed(html) == [("p", {})]
    assert fragment in html


def test_data_image_links_lose_their_href_and_images_are_dropped():
    html = render_markdown(
        "[pixel](data:image/png;base64,iVBORw0KGgo=) ![alt](https://example.org/x.png)"
    )

    assert parsed(html) == [("p", {}), ("a", {"rel": "nofollow ugc noopener noreferrer"})]
    assert "data:" not in html
    assert "example.org/x.png" not in html


def test_sanitize_html_strips_what_markdown_would_never_produce():
    html = sanitize_html(
        '<p style="color:red" class="x">Hi <a href="javascript:alert(1)" onclick="x">link</a>'
        "<img src=x onerror=alert(1)><script>alert(2)</script></p>"
    )

    assert html == '<p>Hi <a rel="nofollow ugc noopener noreferrer">link</a></p>'


def test_normal_markdown_renders():
    html = render_markdown(
        "## Why\n\n"
        "**Bold**, *italic*, ~~gone~~ and `code`.\n\n"
        "- one\n- two\n\n"
        "3. three\n4. four\n\n"
        "> quoted\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "line one\nline two"
    )

    assert "<h2>Why</h2>" in html
    assert "<strong>Bold</strong>, <em>italic</em>, <s>gone</s> and <code>code</code>" in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert '<ol start="3">' in html
    assert "<blockquote>\n<p>quoted</p>\n</blockquote>" in html
    assert "<td>1</td>" in html and "<th>a</th>" in html
    assert "line one<br>\nline two" in html
    assert_harmless(html)


@pytest.mark.parametrize(
    "source, href",
    [
        ("[our site](https://example.org/page?a=1&b=2)", "https://example.org/page?a=1&b=2"),
        ("[plain](http://example.org)", "http://example.org"),
        ("[mail us](mailto:hello@example.org)", "mailto:hello@example.org"),
    ],
)
def test_links_are_kept_with_rel_nofollow_ugc(source, href):
    (paragraph, link) = parsed(render_markdown(source))

    assert link == ("a", {"href": href, "rel": "nofollow ugc noopener noreferrer"})


def test_link_titles_are_kept_and_escaped():
    html = render_markdown('[x](https://example.org "a \\"quoted\\" <title>")')

    assert parsed(html)[1] == (
        "a",
        {
            "href": "https://example.org",
            "title": 'a "quoted" <title>',
            "rel": "nofollow ugc noopener noreferrer",
        },
    )
