"""The printed practice sheet, as Chromium prints it: A4 from the stylesheet's
@page, the key facts on the first page, at most three pages for every demo
practice (the longest included)."""

import io
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from practices.models import PracticePage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# What an A4 page holds inside print.css's @page margins (15 mm top and
# bottom, 14 mm left and right), in CSS pixels (96 per inch).
PRINTABLE_WIDTH_PX = (210 - 2 * 14) / 25.4 * 96
PRINTABLE_HEIGHT_PX = (297 - 2 * 15) / 25.4 * 96
# A4 in PDF points (72 per inch), as the page boxes say.
A4_POINTS = (595.3, 841.9)
MAX_PAGES = 3
PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")


def pdf_pages(pdf):
    """(page count, [(width, height)] of the page boxes) of Chromium's PDF."""
    boxes = [(float(w), float(h)) for w, h in MEDIA_BOX.findall(pdf)]
    return len(PAGE_OBJECT.findall(pdf)), boxes


def print_layout(page):
    """Where the key facts box lies once the page is laid out for print, in
    the width of an A4 page less the stylesheet's margins."""
    page.emulate_media(media="print")
    return page.evaluate(
        """() => {
            const box = document.querySelector('.key-facts').getBoundingClientRect();
            return {
                top: box.top + window.scrollY,
                bottom: box.bottom + window.scrollY,
                height: document.querySelector('main').getBoundingClientRect().bottom
                    + window.scrollY,
            };
        }"""
    )


@pytest.fixture
def demo(live_server):
    # serialized_rollback reloaded the migrated rows: the content types'
    # cache may hold rows that the reload replaced.
    ContentType.objects.clear_cache()
    call_command("load_demo", "--no-admin", stdout=io.StringIO())
    return list(PracticePage.objects.live().public().specific())


def test_every_demo_practice_prints_on_at_most_three_a4_pages(live_server, new_page, demo):
    assert len(demo) >= 20
    # Laid out at the width that the printed page gives it.
    page = new_page(viewport={"width": round(PRINTABLE_WIDTH_PX), "height": 1000})
    printed = {}
    for practice in demo:
        page.goto(f"{live_server.url}{practice.url}")
        pdf = page.pdf(prefer_css_page_size=True, print_background=False)
        count, boxes = pdf_pages(pdf)
        printed[practice.url] = count
        assert boxes and all(
            abs(w - A4_POINTS[0]) < 1 and abs(h - A4_POINTS[1]) < 1 for w, h in boxes
        ), f"{practice.url}: not A4 {boxes[:1]}"
        layout = print_layout(page)
        # The key facts end on the first page.
        assert layout["bottom"] < PRINTABLE_HEIGHT_PX, (practice.url, layout)
        # No near-empty last page: unbroken, the sheet fills a tenth of it at
        # least (page breaks only push content further).
        assert layout["height"] / PRINTABLE_HEIGHT_PX > count - 1 + 0.1, (practice.url, count)
    too_long = {url: count for url, count in printed.items() if count > MAX_PAGES}
    assert not too_long, too_long
    assert max(printed.values()) >= 2  # the sheets have content, not only a title


def test_outside_links_print_their_address_and_in_page_links_do_not(live_server, new_page, demo):
    practice = next(p for p in demo if p.organisations.exclude(website="").exists())
    page = new_page()
    page.goto(f"{live_server.url}{practice.url}")
    page.emulate_media(media="print")
    after = page.evaluate(
        """() => [...document.querySelectorAll('.practice a')].map(a => [
            a.getAttribute('href'), getComputedStyle(a, '::after').content])"""
    )
    outside = [(href, content) for href, content in after if href.startswith("http")]
    inside = [(href, content) for href, content in after if not href.startswith("http")]
    assert outside and inside
    assert all(href in content for href, content in outside), outside
    assert all(content in ("none", "normal") for href, content in inside), inside
