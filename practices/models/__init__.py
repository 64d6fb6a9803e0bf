from .organisations import ErasmusProject, Organisation
from .pages import TAXONOMY_FIELDS, PracticeIndexPage, PracticePage, PracticeTag
from .taxonomy import Country, PracticeType, Profession, TargetGroup, TaxonomyTerm, Theme

__all__ = [
    "TAXONOMY_FIELDS",
    "Country",
    "ErasmusProject",
    "Organisation",
    "PracticeIndexPage",
    "PracticePage",
    "PracticeTag",
    "PracticeType",
    "Profession",
    "TargetGroup",
    "TaxonomyTerm",
    "Theme",
]
