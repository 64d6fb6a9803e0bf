from .organisations import ErasmusProject, Organisation
from .pages import PracticeIndexPage, PracticePage, PracticeTag
from .proposals import Proposal
from .taxonomy import (
    TAXONOMIES,
    TAXONOMY_MODELS,
    Country,
    PracticeType,
    Profession,
    TargetGroup,
    Taxonomy,
    TaxonomyTerm,
    Theme,
)

__all__ = [
    "TAXONOMIES",
    "TAXONOMY_MODELS",
    "Taxonomy",
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
