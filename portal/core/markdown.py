"""Markdown that people type, turned into HTML that is safe to show to anyone.

Two walls: markdown-it renders CommonMark with raw HTML switched off (a typed `<script>` comes
out as text) and refuses `javascript:` links; nh3 then keeps only a small allow-list of tags,
`href` and `title` on links, and the http, https and mailto schemes, should a renderer bug or a
future option ever let something through. Every link gets rel="nofollow noopener ugc": it was
written by a user, not vouched for by the portal.
"""
from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener ugc"
# A code block too wide for a phone scrolls sideways; keyboard users need to focus it to scroll.
ADDED_ATTRIBUTES = {"pre": {"tabindex": "0"}}

# A post sits under the page's own headings, so "# Title" becomes an h3, "## Title" an h4 and so on.
HEADING_SHIFT = 2


def _demote_headings(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + HEADING_SHIFT, 6)}"


# "breaks": a line break typed in plain text stays a line break, as people writing without
# Markdown expect.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True})
_markdown.core.ruler.push("demote_headings", _demote_headings)


def render_markdown(source: str) -> Markup:
    html = _markdown.render(source or "")
    return Markup(nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=LINK_REL,
        set_tag_attribute_values=ADDED_ATTRIBUTES, strip_comments=True,
    ))


def plain_paragraphs(source: str) -> list[str]:
    """The text of Markdown without its marks, one string per paragraph, heading or list item
    (a list item starts with a bullet), for documents that are not HTML such as a PDF."""
    paragraphs, in_list_item = [], False
    for token in _markdown.parse(source or ""):
        if token.type == "list_item_open":
            in_list_item = True
        elif token.type == "inline":
            text = "".join("\n" if child.type in ("softbreak", "hardbreak") else child.content
                           for child in token.children or ())
            paragraphs.append(f"• {text}" if in_list_item else text)
            in_list_item = False
    return paragraphs
