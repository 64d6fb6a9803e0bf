"""Content-Security-Policy: strict on the public site, loosened only where the admin needs it.

The admin adds 'unsafe-inline' to script-src and style-src, and frame-ancestors 'self' on the
views Wagtail makes framable; docs/security.md says why and what was measured.
"""

from csp.constants import HEADER, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings

ADMIN_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_POLICY_ADDITIONS = {
    "script-src": [UNSAFE_INLINE],
    "style-src": [UNSAFE_INLINE],
}


def is_admin_path(path):
    return path.startswith(ADMIN_PREFIXES)


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, adding ADMIN_POLICY_ADDITIONS under the admin
    URLs only (and frame-ancestors 'self' on the admin views Wagtail makes
    framable by the same origin). A nonce would make browsers ignore
    'unsafe-inline', so none is sent there (nothing in the admin asks for one)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or not is_admin_path(request.path_info):
            return parts
        update = dict(parts.update or {})
        for directive, sources in ADMIN_POLICY_ADDITIONS.items():
            update[directive] = [*update.get(directive, []), *sources]
        replace = dict(parts.replace or {})
        if framable_by_same_origin(response):
            replace["frame-ancestors"] = [SELF]
        return PolicyParts(parts.config, update, replace, nonce=None)

    def process_response(self, request, response):
        if (
            HEADER in response
            and is_admin_path(request.path_info)
            and framable_by_same_origin(response)
        ):
            # Wagtail's preview renders the page through the whole middleware
            # stack, for a request of the page's public address: its response
            # arrives with the public policy, which is kept, framing aside.
            response[HEADER] = "; ".join(
                f"frame-ancestors {SELF}" if directive.startswith("frame-ancestors") else directive
                for directive in (d.strip() for d in response[HEADER].split(";"))
                if directive
            )
        return super().process_response(request, response)


def framable_by_same_origin(response):
    """A view that asked to be framed by the admin itself (Wagtail's
    xframe_options_sameorigin_override, on its preview views)."""
    return response.get("X-Frame-Options", "").upper() == "SAMEORIGIN"


def add_static_file_headers(headers, path, url):
    """WHITENOISE_ADD_HEADERS_FUNCTION: WhiteNoise answers static files before
    the CSP and clickjacking middleware run, so it adds their headers itself
    (an SVG opened directly then runs no script and cannot be framed).
    SecurityMiddleware, above WhiteNoise, adds HSTS, nosniff, Referrer-Policy
    and Cross-Origin-Opener-Policy as on every response."""
    headers["Content-Security-Policy"] = build_policy()
    headers["X-Frame-Options"] = getattr(settings, "X_FRAME_OPTIONS", "DENY")
