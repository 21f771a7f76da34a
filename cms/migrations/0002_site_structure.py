"""Replace Wagtail's welcome page with the Cocreate home page and the /brands/ index."""

from django.db import migrations


def create_structure(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("cms.HomePage")
    BrandIndexPage = apps.get_model("cms.BrandIndexPage")

    Page.objects.filter(depth=2, slug="home").exclude(content_type__app_label="cms").delete()
    if HomePage.objects.exists():
        return
    locale = Locale.objects.order_by("pk").first()
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    index_type, _ = ContentType.objects.get_or_create(model="brandindexpage", app_label="cms")
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title="Ideas from customers, built in the open",
        draft_title="Ideas from customers, built in the open",
        intro="Brands launch challenges; you share ideas, discuss and vote; the best ones ship.",
        slug="home",
        content_type=home_type,
        path=root.path + "0001",
        depth=2,
        numchild=1,
        url_path="/home/",
        locale=locale,
    )
    BrandIndexPage.objects.create(
        title="Brands",
        draft_title="Brands",
        slug="brands",
        content_type=index_type,
        path=home.path + "0001",
        depth=3,
        numchild=0,
        url_path="/home/brands/",
        locale=locale,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", root_page_id=home.pk, is_default_site=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(create_structure, migrations.RunPython.noop)]
