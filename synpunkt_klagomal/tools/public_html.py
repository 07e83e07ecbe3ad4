"""HTML written by staff, made fit for a public page (the answer on the
status page). Stricter than the sanitizing of Html fields, which keeps
styles, classes and ids for the back end's editor: on a public page those
are enough to lay a fake form or a link over the whole page. Built on lxml's
Cleaner (the library behind odoo.tools.html_sanitize) with allow-lists."""

from urllib.parse import urlsplit

from lxml import etree, html
from lxml.html import clean
from markupsafe import Markup

# Text structure only: nothing that embeds, loads, submits or positions.
ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "div",
        "span",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "s",
        "sub",
        "sup",
        "ul",
        "ol",
        "li",
        "blockquote",
        "pre",
        "code",
        "hr",
        "h2",
        "h3",
        "h4",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "a",
    }
)
# No style, class, id, name, target, on*: nothing that styles, overlays or scripts.
ALLOWED_ATTRIBUTES = frozenset({"href", "title", "colspan", "rowspan"})
# Removed with their content.
KILLED_TAGS = frozenset(
    {
        "script",
        "style",
        "template",
        "noscript",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "form",
        "input",
        "button",
        "select",
        "textarea",
        "img",
        "picture",
        "video",
        "audio",
        "source",
        "canvas",
        "link",
        "meta",
        "base",
        "title",
    }
)
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener noreferrer"

_CLEANER = clean.Cleaner(
    scripts=True,
    javascript=True,
    comments=True,
    style=True,
    links=True,
    meta=True,
    page_structure=True,
    processing_instructions=True,
    embedded=True,
    frames=True,
    forms=True,
    annoying_tags=True,
    remove_unknown_tags=False,
    allow_tags=ALLOWED_TAGS,
    kill_tags=KILLED_TAGS,
    safe_attrs_only=True,
    safe_attrs=ALLOWED_ATTRIBUTES,
)


def sanitize_public_html(src):
    """Return ``src`` (str or Markup, HTML) as Markup safe to show on a
    public page: only ALLOWED_TAGS with ALLOWED_ATTRIBUTES; links only to
    http(s) or mailto addresses, with rel="nofollow noopener noreferrer"
    (other links keep their text, lose the link). Empty input gives an
    empty Markup."""
    if not src or not str(src).strip():
        return Markup()
    fragment = html.fragment_fromstring(str(src), create_parent="div")
    _CLEANER(fragment)
    for link in fragment.iter("a"):
        href = "".join(
            (link.get("href") or "").split()
        )  # browsers ignore whitespace in schemes
        if href and urlsplit(href).scheme.lower() in LINK_SCHEMES:
            link.attrib.clear()
            link.set("href", href)
            link.set("rel", LINK_REL)
        else:
            link.attrib.clear()
    # Unwrap links left without an address (their text stays).
    for link in [a for a in fragment.iter("a") if not a.get("href")]:
        link.drop_tag()
    text = fragment.text or ""
    body = "".join(
        etree.tostring(child, encoding="unicode", method="html") for child in fragment
    )
    return Markup(Markup.escape(text) + Markup(body)) if text else Markup(body)
