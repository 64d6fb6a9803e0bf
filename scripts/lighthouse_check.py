"""`make validate`: Lighthouse (SEO, accessibility, best practices) on the demo
site served at VALIDATE_URL, one page of each kind in three languages; fails
below 100."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin
from urllib.request import urlopen

from bs4 import BeautifulSoup

BASE = os.environ.get("VALIDATE_URL", "http://127.0.0.1:8010")
LIGHTHOUSE = Path(os.environ.get("LIGHTHOUSE", ".validate-tools/node_modules/.bin/lighthouse"))
CATEGORIES = ("seo", "accessibility", "best-practices")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-background-networking "
    "--disable-component-update --disable-sync --disable-quic"
)


def first_link(url, selector):
    soup = BeautifulSoup(urlopen(url).read(), "html.parser")  # noqa: S310 (our own server)
    link = soup.select_one(selector)
    return urljoin(url, link["href"]) if link else None


def pages():
    """Home, index, practice, search, theme and country landing pages in en, fr, it."""
    for language in ("en", "fr", "it"):
        home = f"{BASE}/{language}/"
        index = first_link(home, ".site-nav li:first-child a")
        # A practice in the page's language where there is one.
        practice = index and (
            first_link(index, ".card__title:not([lang]) a") or first_link(index, ".card-grid a")
        )
        theme = first_link(home, f'a[href^="/{language}/themes/"]')
        country = first_link(home, f'a[href^="/{language}/countries/"]')
        search = f"{BASE}/{language}/search/"  # with words or filters: noindex, by design
        yield from (url for url in (home, index, practice, search, theme, country) if url)


def audit(url, directory):
    out = Path(directory) / "report.json"
    subprocess.run(  # noqa: S603 (our own tool on our own server's URLs)
        [
            str(LIGHTHOUSE),
            url,
            "--only-categories=" + ",".join(CATEGORIES),
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--quiet",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
    )
    report = json.loads(out.read_text())
    scores = {name: report["categories"][name]["score"] for name in CATEGORIES}
    failing = [
        f"{category}: {report['audits'][ref['id']]['title']}"
        for category in CATEGORIES
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"]
        and (report["audits"][ref["id"]]["score"] or 0) < 1
        and report["audits"][ref["id"]]["score"] is not None
    ]
    return scores, failing


def main():
    below = 0
    with tempfile.TemporaryDirectory() as directory:
        for url in pages():
            scores, failing = audit(url, directory)
            line = "  ".join(f"{name} {round(score * 100)}" for name, score in scores.items())
            print(f"{line}  {url}")
            for problem in failing:
                print(f"    {problem}")
            below += any(score < 1 for score in scores.values())
    if below:
        print(f"{below} page(s) below 100.")
        return 1
    print("Every page at 100 in SEO, accessibility and best practices.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
