from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Editorial pages")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_unpublished

        from cms.receivers import drop_site_navigation

        for signal in (page_published, page_unpublished):
            signal.connect(drop_site_navigation, dispatch_uid=f"cms.site_navigation.{signal!r}")
        for signal in (post_save, post_delete):
            signal.connect(
                drop_site_navigation,
                sender=PageViewRestriction,
                dispatch_uid=f"cms.site_navigation.restriction.{signal!r}",
            )
