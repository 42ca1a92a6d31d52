"""All 22 Welsh local migration profiles in English and Welsh, as HTML and PDF (target: <= 60 s).

    .venv/bin/python benchmarks/profiles.py                # the full run: 22 areas x 2 languages x HTML+PDF
    .venv/bin/python benchmarks/profiles.py --areas 3      # a quick try
    .venv/bin/python benchmarks/profiles.py --jobs 1       # one worker process

What is timed: building each profile from the bundled data, rendering the Django templates and the WeasyPrint
PDFs, plus the Wales overview in both languages (what `perthyn publish all` does before its open data). The open
data (CSV, XLSX, datapackage.json per area, the bulk zip) are timed on their own line. The synthetic indicator estimates the dashboard shows
are computed once beforehand (the estimate job's run, cached on disk) and timed on their own line.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--areas", type=int, default=22, help="How many Welsh authorities (default: all 22).")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="Worker processes.")
    parser.add_argument("--out", type=Path, help="Keep the output here (default: a temporary directory).")
    args = parser.parse_args(argv)

    from perthyn.publish import areas
    from perthyn.publish.estimates import synthetic_default
    from perthyn.publish.site import build_all

    t = time.perf_counter()
    estimates = synthetic_default()
    t_estimates = time.perf_counter() - t
    codes = [a.code for a in areas.wales()][: args.areas]

    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        t = time.perf_counter()
        results = build_all(out, codes=codes, estimates=estimates, jobs=args.jobs, with_opendata=False)
        wall = time.perf_counter() - t
        t = time.perf_counter()
        build_all(out / "with-opendata", codes=codes, estimates=estimates, jobs=args.jobs, formats=(),
                  overview_too=True)
        t_opendata = time.perf_counter() - t
        pdfs = sorted((out / "en").glob("*.pdf")) + sorted((out / "cy").glob("*.pdf"))
        htmls = sorted((out / "en").glob("*.html")) + sorted((out / "cy").glob("*.html"))
        size = sum(p.stat().st_size for p in pdfs)
        pages = sum(_pages(p) for p in pdfs)

    per = {k: [r[2][k] for r in results if k in r[2]] for k in ("build", "html", "pdf")}
    cpu = [r[2]["cpu"] for r in results]
    rows = [
        ("machine", f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
                    f"load {os.getloadavg()[0]:.1f}, Python {platform.python_version()}"),
        ("documents", f"{len(htmls)} HTML + {len(pdfs)} PDF ({len(codes)} areas x 2 languages + overview x 2)"),
        ("PDF pages / size", f"{pages} pages, {size / 1e6:.1f} MB"),
        ("synthetic estimates (once, cached)", f"{t_estimates:.1f} s"),
        ("build profile (median per document)", f"{statistics.median(per['build']):.2f} s"),
        ("render HTML (median)", f"{statistics.median(per['html']):.2f} s"),
        ("render PDF (median)", f"{statistics.median(per['pdf']):.2f} s"),
        (f"wall time, {args.jobs} worker(s)", f"{wall:.1f} s  (target <= 60 s for 22 areas)"),
        ("CPU time in workers (sum)", f"{sum(cpu):.1f} s = {sum(cpu) / min(args.jobs, os.cpu_count() or 1):.1f} s "
                                      f"wall on {min(args.jobs, os.cpu_count() or 1)} idle core(s)"),
        ("open data as well (CSV+XLSX+datapackage, zip)", f"{t_opendata:.1f} s more"),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"{'measure'.ljust(width)} | result")
    print(f"{'-' * width}-|-{'-' * 50}")
    for k, v in rows:
        print(f"{k.ljust(width)} | {v}")
    return 0


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


if __name__ == "__main__":
    sys.exit(main())
