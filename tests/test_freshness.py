"""Freshness: practices not reviewed for longer than the review interval, in
`manage.py stale_practices` and on the admin dashboard; a reviewer's
approval counts as a review."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.urls import reverse
from site_helpers import HOST
from translator_helpers import make_user, practice_values

from practices.editorial.freshness import stale_practices
from practices.localize.po_translation import translate
from practices.models import PracticePage

TODAY = datetime.date.today()


def days_ago(days):
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def practices(make_practice, locales):
    """An old practice translated into French, a less old one, a fresh one,
    and an old draft (never listed: not published)."""
    old = make_practice(
        "Home support for seniors", slug="home-support", last_reviewed=days_ago(800)
    )
    translate(old, locales["fr"], practice_values("Aide à domicile", "aide-a-domicile", old))
    older_than_a_year = make_practice("Family mediation", last_reviewed=days_ago(400))
    fresh = make_practice("Street outreach", last_reviewed=days_ago(10))
    make_practice("Unpublished idea", last_reviewed=days_ago(900), publish=False)
    return {"old": old, "year": older_than_a_year, "fresh": fresh}


def run(*args):
    out = io.StringIO()
    call_command("stale_practices", *args, stdout=out)
    return out.getvalue()


# The module -------------------------------------------------------------------


@pytest.mark.django_db
def test_stale_practices_lists_each_practice_once_with_its_languages(practices):
    items = stale_practices()

    assert [item.page.title for item in items] == ["Home support for seniors", "Family mediation"]
    assert items[0].language_codes == ["en", "fr"]
    assert items[0].days_since_review == 800
    assert items[1].language_codes == ["en"]


@pytest.mark.django_db
def test_the_interval_comes_from_the_setting(practices, settings):
    settings.PRACTICE_REVIEW_INTERVAL_DAYS = 500
    assert [item.page.title for item in stale_practices()] == ["Home support for seniors"]
    assert [item.page.title for item in stale_practices(today=days_ago(-200))] == [
        "Home support for seniors",
        "Family mediation",
    ]


# The command ------------------------------------------------------------------


@pytest.mark.django_db
def test_command_prints_a_table(practices):
    output = run()

    lines = output.splitlines()
    assert lines[0].split() == ["Title", "Languages", "Last", "reviewed", "Days", "Edit"]
    body = "\n".join(lines[2:])
    assert "Home support for seniors" in lines[2]
    assert "en, fr" in lines[2]
    assert days_ago(800).isoformat() in lines[2]
    assert f"/admin/pages/{practices['old'].pk}/edit/" in lines[2]
    assert "Family mediation" in lines[3]
    assert "Street outreach" not in body
    assert "Unpublished idea" not in body
    assert "Aide à domicile" not in body
    assert "2 practice(s) not reviewed for more than 365 days." in output


@pytest.mark.django_db
def test_command_days_option(practices):
    assert "Street outreach" in run("--days", "5")
    assert "Family mediation" not in run("--days", "500")


@pytest.mark.django_db
def test_command_says_when_nothing_needs_review(make_practice):
    make_practice("Street outreach", last_reviewed=days_ago(10))

    assert run().strip() == "No practice needs review (none older than 365 days)."


@pytest.mark.django_db
def test_command_refuses_a_negative_number_of_days(site_tree):
    with pytest.raises(CommandError, match="whole number of days"):
        run("--days", "-3")
    with pytest.raises(CommandError, match="whole number of days"):
        run("--days", "soon")


@pytest.mark.django_db
def test_command_writes_csv(practices):
    rows = list(csv.reader(io.StringIO(run("--format", "csv"))))

    assert rows[0] == ["title", "languages", "last_reviewed", "days_since_review", "edit_url"]
    assert rows[1][:4] == ["Home support for seniors", "en, fr", days_ago(800).isoformat(), "800"]
    assert rows[1][4].endswith(f"/admin/pages/{practices['old'].pk}/edit/")
    assert [row[0] for row in rows[1:]] == ["Home support for seniors", "Family mediation"]


@pytest.mark.django_db
def test_command_writes_an_empty_csv_with_its_header(site_tree):
    assert run("--format", "csv").splitlines() == [
        "title,languages,last_reviewed,days_since_review,edit_url"
    ]


# The dashboard panel ---------------------------------------------------------


def dashboard_panel(client):
    response = client.get(reverse("wagtailadmin_home"), HTTP_HOST=HOST)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("#stale-practices-section")


@pytest.mark.django_db
def test_dashboard_panel_for_an_editor(admin_client, practices):
    panel = dashboard_panel(admin_client)

    assert panel is not None
    text = " ".join(panel.get_text().split())
    assert "Practices to review" in text
    assert "2 published practices were last reviewed more than 365 days ago." in text
    links = [(a.get_text(strip=True), a["href"]) for a in panel.select("tbody a")]
    assert links == [
        (
            "Home support for seniors",
            reverse("wagtailadmin_pages:edit", args=[practices["old"].pk]),
        ),
        ("Family mediation", reverse("wagtailadmin_pages:edit", args=[practices["year"].pk])),
    ]
    first_row = [" ".join(td.get_text().split()) for td in panel.select("tbody tr")[0]("td")]
    assert first_row[1] == "English, Français"
    assert [span["lang"] for span in panel.select("tbody tr")[0]("td")[1]("span")] == ["en", "fr"]
    assert panel.select("tbody time")[0]["datetime"] == days_ago(800).isoformat()


@pytest.mark.django_db
def test_dashboard_panel_shows_at_most_ten(admin_client, make_practice):
    for number in range(12):
        make_practice(f"Practice {number:02}", last_reviewed=days_ago(400 + number))

    panel = dashboard_panel(admin_client)

    assert len(panel.select("tbody tr")) == 10
    assert "12 published practices" in panel.get_text()
    assert panel.select_one("tbody a").get_text(strip=True) == "Practice 11"
    more = panel.find("a", string=lambda s: s and "See them all" in s)
    assert more["href"] == "/admin/practices/?ordering=last_reviewed"


@pytest.mark.django_db
def test_dashboard_panel_when_everything_is_fresh(admin_client, make_practice):
    make_practice("Street outreach", last_reviewed=days_ago(10))

    text = " ".join(dashboard_panel(admin_client).get_text().split())
    assert "No practice needs review" in text


@pytest.mark.django_db
def test_no_panel_for_a_user_who_cannot_edit_pages(client, practices):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Dashboard only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = make_user("visitor", "Dashboard only")
    client.force_login(user)

    assert dashboard_panel(client) is None


@pytest.mark.django_db
def test_dashboard_panel_reads_a_constant_number_of_queries(
    admin_client, make_practice, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in range(2):
        make_practice(f"Small {number}", last_reviewed=days_ago(400 + number))
    dashboard_panel(admin_client)
    with CaptureQueriesContext(connection) as small:
        dashboard_panel(admin_client)
    for number in range(14):
        make_practice(f"Large {number}", last_reviewed=days_ago(500 + number))

    with django_assert_max_num_queries(len(small)):
        panel = dashboard_panel(admin_client)
    assert len(panel.select("tbody tr")) == 10


# Approval by a reviewer ------------------------------------------------------


@pytest.mark.django_db
def test_approving_a_practice_in_the_workflow_marks_it_reviewed(admin_client, practices, superuser):
    page = practices["year"]
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    admin_client.get(edit, HTTP_HOST=HOST)  # the admin (and its hooks) is loaded
    revision = page.save_revision(user=superuser)
    workflow = page.get_workflow()
    assert workflow is not None
    state = workflow.start(page, superuser)

    state.current_task_state.approve(user=superuser)

    page = PracticePage.objects.get(pk=page.pk)
    assert page.live
    assert page.last_reviewed == TODAY
    # The next edit starts from the new date.
    assert page.get_latest_revision_as_object().last_reviewed == TODAY
    assert revision.pk == page.live_revision_id
    assert "Family mediation" not in run()
