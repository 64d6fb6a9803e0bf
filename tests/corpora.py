"""The pieces the search tests' corpora share: the Erasmus+ project and the
three English terms one practice of a corpus carries besides its themes and
countries (tests/test_search_conformance.py, test_search_api.py and
test_open_data.py build their five practices with make_practice)."""

from practices.models import ErasmusProject, PracticeType, Profession, TargetGroup


def tjsw_project():
    return ErasmusProject.objects.create(
        title="Tomorrow's jobs in social work", acronym="TJSW", key_action="KA2", call_year=2019
    )


def english_terms(locales):
    """{"target_group", "profession", "practice_type"}: one English term each."""
    return {
        "target_group": TargetGroup.objects.create(
            name="Older people", slug="older-people", locale=locales["en"]
        ),
        "profession": Profession.objects.create(
            name="Social workers", slug="social-workers", locale=locales["en"]
        ),
        "practice_type": PracticeType.objects.create(
            name="Training", slug="training", locale=locales["en"]
        ),
    }


def classify(page, terms):
    """Give `page` the terms of english_terms() and publish it again."""
    page.target_groups = [terms["target_group"]]
    page.professions = [terms["profession"]]
    page.practice_types = [terms["practice_type"]]
    page.save_revision().publish()
