"""Only a superuser makes a superuser: admin hooks refuse a non-superuser who
creates a superuser, grants the flag or edits a superuser's account."""

from wagtail.admin.auth import permission_denied


def _grants_superuser(request):
    return request.method == "POST" and bool(request.POST.get("is_superuser"))


def refuse_creating_a_superuser(request):
    if not request.user.is_superuser and _grants_superuser(request):
        return permission_denied(request)
    return None


def refuse_editing_or_granting_a_superuser(request, user):
    if request.user.is_superuser:
        return None
    if user.is_superuser or _grants_superuser(request):
        return permission_denied(request)
    return None
