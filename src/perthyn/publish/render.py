"""Render a profile (or the Wales overview) to HTML with the Django templates, and to PDF with WeasyPrint.

Rendering standalone configures Django from perthyn.web.settings (no database needed). The HTML document
inlines its CSS so a saved file works offline; the PDF uses the print rules (A4, running footer, charts kept
whole) and Noto fonts, which cover Welsh diacritics and Arabic script.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from importlib import resources
from typing import Callable

from perthyn.charts import is_rtl

from .content import content, pick, word
from .model import Profile, PublishedTable

TableHref = Callable[[PublishedTable, str], str]  # (table, "csv" | "xlsx") -> link


def _django():
    from django.conf import settings

    if not settings.configured:
        from perthyn.web.cli import setup_django

        setup_django()
    else:
        import django

        django.setup()


@lru_cache(maxsize=1)
def css() -> str:
    core = resources.files("perthyn.web.core").joinpath("static/core")
    own = resources.files("perthyn.web.publish").joinpath("static/publish/publish.css")
    return (core.joinpath("perthyn.css").read_text(encoding="utf-8") + "\n@media print {\n"
            + core.joinpath("print.css").read_text(encoding="utf-8") + "\n}\n" + own.read_text(encoding="utf-8"))


def words(lang: str) -> dict:
    """Every profile word without placeholders, in `lang`, for the templates."""
    return {k: pick(v, lang) for k, v in content()["words"].items() if "{" not in pick(v, lang)}


def source_lines(notes, lang: str) -> list[dict]:
    """One line per source and period, naming all its tables: "Census 2021 (TS004, TS005)"."""
    merged: dict[tuple, list] = {}
    for n in notes:
        merged.setdefault((n.id, n.period), [])
        if n.table and n.table not in merged[(n.id, n.period)]:
            merged[(n.id, n.period)].append(n.table)
    lines = []
    for (source_id, period), tables in merged.items():
        from .model import SourceNote

        d = SourceNote(source_id, period=period).describe(lang)
        if tables:
            d["title"] += f" ({', '.join(tables)})"
        lines.append(d)
    return lines


def profile_context(profile: Profile, *, table_href: TableHref | None = None, links: dict | None = None) -> dict:
    lang = profile.lang

    def downloads(t: PublishedTable):
        if table_href is None:
            return None
        return {"csv": table_href(t, "csv"), "xlsx": table_href(t, "xlsx"), "title": t.title}

    sections = [{
        "section": s,
        "sources": source_lines(s.sources, lang),
        "figures": [{"figure": f, "downloads": downloads(f.table)} for f in s.figures],
        "tables": [{"table": t, "downloads": downloads(t)} for t in s.tables],
    } for s in profile.sections]
    return {
        "profile": profile,
        "sections": sections,
        "words": words(lang),
        "links": links or {},
        "generated_note": word("generated", lang, date=profile.generated),
        "labelled_kinds": ("ranked_bar",),
    }


def render_fragment(template: str, context: dict, lang: str) -> str:
    _django()
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override(lang):
        return render_to_string(template, context)


def document(body: str, *, title: str, lang: str) -> str:
    return render_fragment("publish/document.html", {
        "body": body, "title": title, "lang": lang, "direction": "rtl" if is_rtl(lang) else "ltr", "css": css(),
    }, lang)


def profile_html(profile: Profile, *, standalone: bool = True, table_href: TableHref | None = None,
                 links: dict | None = None) -> str:
    body = render_fragment("publish/_profile.html", profile_context(profile, table_href=table_href, links=links),
                           profile.lang)
    return document(body, title=profile.title, lang=profile.lang) if standalone else body


@lru_cache(maxsize=1)
def _weasy():
    """One font configuration and one parsed stylesheet per process: fontconfig set-up and CSS parsing are
    a good part of a PDF's cost, and the documents share both."""
    import logging

    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    # screen-only CSS (media queries, overflow) is legitimately ignored in print; keep the log for real problems
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fonts = FontConfiguration()
    return fonts, CSS(string=css(), font_config=fonts)


_PDF_LOCK = threading.Lock()  # the shared font configuration is not meant for threads at once (web server)


def pdf(html: str) -> bytes:
    """A PDF from a document made by `document()` (its inline copy of the stylesheet is left out here)."""
    from weasyprint import HTML

    fonts, stylesheet = _weasy()
    html = html.replace(f"<style>{css()}</style>", "", 1)
    with _PDF_LOCK:
        return HTML(string=html, base_url=".").write_pdf(stylesheets=[stylesheet], font_config=fonts)


def profile_pdf(profile: Profile) -> bytes:
    return pdf(profile_html(profile, standalone=True))
