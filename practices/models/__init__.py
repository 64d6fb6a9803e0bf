from .organisations import ErasmusProject, Organisation
from .pages import TAXONOMY_FIELDS, PracticeIndexPage, PracticePage, PracticeTag
from .proposals import Proposal
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
    "Proposal",
    "Profession",
    "TargetGroup",
    "TaxonomyTerm",
    "Theme",
]
