import pytest
from django.urls import reverse

@pytest.mark.django_db
def test_x(admin_client, site_tree, themes):
    r = admin_client.get(reverse("wagtailadmin_pages:add", args=["practices","practicepage",site_tree["index"].pk]), HTTP_HOST="localhost")
    open("/tmp/add.html","w").write(r.content.decode())
