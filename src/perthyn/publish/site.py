"""Build many outputs at once: every Welsh profile in both languages (HTML and PDF), the overview, and the
open data (per-area packages and one zip of all areas). Files are written to a temporary name and renamed,
so a reader never sees half a file."""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import areas, opendata, overview, render
from .content import LANGS
from .estimates import Estimates
from .model import Profile
from .profile import build


def write_atomic(path: Path, data: bytes | str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    os.replace(tmp, path)
    return path


def package_name(profile: Profile) -> str:
    return f"perthyn-{profile.area.code.lower()}-{profile.lang}"


def write_opendata(profile: Profile, directory: Path) -> Path:
    return opendata.write_package(profile.tables(), directory, name=package_name(profile), title=profile.title,
                                  lang=profile.lang)


def html_for_site(profile: Profile, opendata_rel: str, pdf_name: str) -> str:
    def href(table, ext):
        return f"{opendata_rel}/{table.id}.{ext}"

    links = {"pdf": pdf_name, "datapackage": f"{opendata_rel}/datapackage.json"}
    return render.profile_html(profile, table_href=href, links=links)


def _one(job) -> tuple[str, str, dict]:
    """Build one profile (or the overview) in one language: HTML, PDF and open data. Runs in a worker."""
    code, lang, out, estimates, formats, with_opendata = job
    timings = {}
    cpu = time.process_time()
    t = time.perf_counter()
    profile = overview.build(lang) if code == "overview" else build(code, lang, estimates=estimates)
    timings["build"] = time.perf_counter() - t
    name = "overview" if code == "overview" else code
    folder = "wales-overview" if code == "overview" else code.lower()
    out = Path(out)
    if with_opendata:
        t = time.perf_counter()
        write_opendata(profile, out / "opendata" / lang / folder)
        timings["opendata"] = time.perf_counter() - t
    t = time.perf_counter()
    html = html_for_site(profile, f"../opendata/{lang}/{folder}", f"{name}.pdf")
    if "html" in formats:
        write_atomic(out / lang / f"{name}.html", html)
    timings["html"] = time.perf_counter() - t
    if "pdf" in formats:
        t = time.perf_counter()
        write_atomic(out / lang / f"{name}.pdf", render.pdf(html))
        timings["pdf"] = time.perf_counter() - t
    timings["cpu"] = time.process_time() - cpu
    return code, lang, timings


def build_all(out: Path, *, langs=LANGS, codes=None, estimates: Estimates | None = None, jobs: int = 2,
              formats=("html", "pdf"), overview_too: bool = True, with_opendata: bool = True,
              progress=None) -> list[tuple[str, str, dict]]:
    """Every profile (default: the 22 Welsh authorities) in every language; returns per-item timings."""
    render._django()  # set up once in the parent; forked workers inherit it
    codes = list(codes or [a.code for a in areas.wales()]) + (["overview"] if overview_too else [])
    work = [(c, lang, str(out), estimates, tuple(formats), with_opendata) for c in codes for lang in langs]
    results = []
    if jobs <= 1:
        for job in work:
            results.append(_one(job))
            if progress:
                progress()
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for result in pool.map(_one, work):
                results.append(result)
                if progress:
                    progress()
    if with_opendata:
        opendata.zip_directory(Path(out) / "opendata", Path(out) / "perthyn-opendata.zip")
    return results


def build_opendata(out: Path, *, langs=LANGS, codes=None, estimates: Estimates | None = None,
                   overview_too: bool = True, progress=None) -> Path:
    """Open data only: a package per area and language, plus one zip of them all; returns the zip's path."""
    out = Path(out)
    codes = list(codes or [a.code for a in areas.wales()])
    for lang in langs:
        for code in codes:
            write_opendata(build(code, lang, estimates=estimates), out / lang / code.lower())
            if progress:
                progress()
        if overview_too:
            write_opendata(overview.build(lang), out / lang / "wales-overview")
    return opendata.zip_directory(out, out / "perthyn-opendata.zip")
