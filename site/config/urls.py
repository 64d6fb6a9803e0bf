"""URL configuration: the admin and documents are language-neutral; every
public page carries its language prefix (/en/, /fr/ …)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home.sitemaps import LandingPagesSitemap, PublicPagesSitemap
from search import views as search_views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/search/", search_views.search_api, name="search_api"),
    path("api/v1/openapi.json", search_views.openapi, name="search_openapi"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": PublicPagesSitemap, "landing": LandingPagesSitemap}},
        name="sitemap",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("", include("search.urls")),
    path("", include("practices.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
