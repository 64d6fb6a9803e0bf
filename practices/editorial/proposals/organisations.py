"""The organisations a proposer names, one per line, become Organisation
records linked to the draft practice, so that the reviewer sees them in its
edit view: an existing organisation of the same name (case, accents and
spacing aside) is reused; a new one is marked "to check"."""

import unicodedata

from django.db import IntegrityError, transaction

from practices.models import Organisation

# More lines than this are refused by the form (ProposalForm.clean_organisations).
MAX_ORGANISATIONS = 20
MAX_NAME_LENGTH = Organisation._meta.get_field("name").max_length


def folded(name):
    """A name compared without case, accents or repeated spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def named_organisations(text):
    """The distinct names of the text, one per line, in their order, spaces tidied."""
    names, seen = [], set()
    for line in (text or "").splitlines():
        name = " ".join(line.split())
        if name and folded(name) not in seen:
            seen.add(folded(name))
            names.append(name)
    return names


def organisations_for(names, *, country):
    """The Organisation of each name: an existing one, or a new one "to check"
    in `country` (the practice's first country: the reviewer checks it)."""
    if not names:
        return []
    existing = {folded(org.name): org for org in Organisation.objects.only("pk", "name")}
    found = []
    for name in names:
        organisation = existing.get(folded(name))
        if organisation is None:
            organisation = _create(name, country)
            existing[folded(name)] = organisation
        found.append(organisation)
    return found


def _create(name, country):
    try:
        with transaction.atomic():
            return Organisation.objects.create(
                name=name, country=str(country.code) if country else "", needs_checking=True
            )
    except IntegrityError:
        # Created by another proposal since the names were read.
        return Organisation.objects.get(name=name)
