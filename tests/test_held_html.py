"""The generated pages' HTML kept out of their Markdown (HeldHtml): put back where it stood, links resolved, ids
counted as the page's anchors. The whole guide built with it is byte-identical to the guide built without it
(measured with diff -r when it was introduced); test_worksheets checks an anchor inside a sheet in a real build."""

from __future__ import annotations

from types import SimpleNamespace

import markdown

from trustguide.engine.adapters import HeldHtml
from trustguide.output.rendering.text import inline
from trustguide.output.worksheets.pages import index_markdown


def _page(uri: str) -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri=uri), present_anchor_ids={"intro"})


def test_parts_come_back_in_place_with_links_resolved_and_their_ids_as_anchors() -> None:
    held = HeldHtml()
    hold = held.holder("worksheets/x.md")
    text = "# Title\n\n" + hold('\n<form id="sheet" markdown="0"><a name="top" href="TOKEN">Go</a></form>\n') + "\n\nAfter."
    assert "<form" not in text and "markdown" not in text
    rendered = markdown.Markdown(extensions=["md_in_html"]).convert(text)
    page = _page("worksheets/x.md")
    filled = held.fill(rendered, page, lambda part: part.replace("TOKEN", "../y/"))
    assert filled == ('<h1>Title</h1>\n<form id="sheet" markdown="0"><a name="top" href="../y/">Go</a></form>\n'
                      "\n<p>After.</p>")
    assert page.present_anchor_ids == {"intro", "sheet", "top"}


def test_a_page_without_parts_is_left_alone_and_a_new_build_starts_empty() -> None:
    held = HeldHtml()
    hold = held.holder("a.md")
    hold("<div>one</div>")
    assert held.fill("<p>text</p>", _page("b.md"), lambda part: part) == "<p>text</p>"
    again = held.holder("a.md")  # the page generated again (serve): its earlier parts are gone
    placeholder = again("<div>two</div>")
    assert held.fill(placeholder, _page("a.md"), lambda part: part) == "<div>two</div>"


def test_the_pure_page_functions_still_inline_their_html_by_default() -> None:
    from conftest import ROOT

    page = index_markdown([], ROOT / "templates")
    assert inline("<p>x</p>") == "<p>x</p>"
    assert '<ul class="tg-cards" markdown="0">' in page and "tg-held" not in page
