"""Wagtail page events that change what search finds: a queue entry each, no backend call."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from challenges.models import ChallengePage
from cms.models import BrandPage, ChangelogPage, WikiPage
from search.indexing import mark_dirty

PAGE_KINDS = {
    ChallengePage: "challenge",
    BrandPage: "brand",
    WikiPage: "wiki",
    ChangelogPage: "changelog",
}


def _mark_page(sender, instance, **kwargs) -> None:
    mark_dirty(PAGE_KINDS[sender], [instance.pk])


for _model in PAGE_KINDS:
    receiver(page_published, sender=_model, dispatch_uid=f"search_published_{_model.__name__}")(
        _mark_page
    )
    receiver(page_unpublished, sender=_model, dispatch_uid=f"search_unpublished_{_model.__name__}")(
        _mark_page
    )
    receiver(post_delete, sender=_model, dispatch_uid=f"search_deleted_{_model.__name__}")(
        _mark_page
    )
