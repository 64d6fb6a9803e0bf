"""/<lang>/propose/ and /<lang>/propose/thanks/."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from wagtail.models import Locale

from practices.models import PracticeIndexPage

from . import ratelimit
from .forms import HONEYPOT, ProposalForm
from .submission import create_proposal

TEMPLATES = "practices/proposals/"


def practice_index(language):
    """The practice index that receives proposals made in this language: the
    language's own, or the default language's where it has none."""
    indexes = {}
    for index in (
        PracticeIndexPage.objects.filter(
            locale__language_code__in=[language, settings.LANGUAGE_CODE]
        )
        .select_related("locale")
        .order_by("path")
    ):
        indexes.setdefault(index.locale.language_code, index)
    return indexes.get(language) or indexes.get(settings.LANGUAGE_CODE)


def may_propose(user, index):
    if not user.is_authenticated:
        return settings.PROPOSALS_ALLOW_ANONYMOUS
    return index.permissions_for_user(user).can_add_subpage()


def _refusal(request, index):
    """Why this visitor cannot propose, with a way to sign in (403)."""
    login_url = "{}?{}".format(reverse("wagtailadmin_login"), urlencode({"next": request.path}))
    return TemplateResponse(
        request,
        TEMPLATES + "sign_in.html",
        {"login_url": login_url, "has_index": index is not None},
        status=403,
    )


@never_cache
def propose(request):
    language = get_language()
    index = practice_index(language)
    if index is None or not may_propose(request.user, index):
        return _refusal(request, index)
    locale = Locale.get_active()
    if request.method != "POST":
        initial = {}
        if request.user.is_authenticated:
            initial = {"name": request.user.get_full_name(), "email": request.user.email}
        form = ProposalForm(initial=initial, locale=locale)
        return _form_page(request, form)

    if ratelimit.is_limited(request):
        minutes = max(1, settings.PROPOSALS_RATE_LIMIT_PERIOD // 60)
        return TemplateResponse(
            request, TEMPLATES + "rate_limited.html", {"minutes": minutes}, status=429
        )
    if request.POST.get(HONEYPOT, "").strip():
        # A robot: it sees the usual confirmation, nothing is created.
        ratelimit.record(request)
        return redirect("propose_practice_thanks")
    form = ProposalForm(request.POST, request.FILES, locale=locale)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    create_proposal(
        form,
        index=index,
        user=request.user,
        language=language,
        ip_hash=ratelimit.ip_hash(request),
    )
    ratelimit.record(request)
    return redirect("propose_practice_thanks")


def _form_page(request, form, status=200):
    return TemplateResponse(
        request,
        TEMPLATES + "propose.html",
        {"form": form, "honeypot": form[HONEYPOT]},
        status=status,
    )


def thanks(request):
    return TemplateResponse(request, TEMPLATES + "thanks.html")
