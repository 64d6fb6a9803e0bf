from .organisations import ErasmusProject, Organisation
from .pages import PracticeIndexPage, PracticePage, PracticeTag
from .taxonomy import Country, PracticeType, Profession, TargetGroup, TaxonomyTerm, Theme

__all__ = [
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
