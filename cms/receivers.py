"""Keeps the cached site navigation in step with what is published."""

from django.db import transaction

from cms.context_processors import invalidate_site_navigation


def drop_site_navigation(sender, **kwargs) -> None:
    """A publication, an unpublication or a view restriction may add, rename or remove a
    footer link; drop the cache after commit, so a request in between cannot put back what
    the transaction is replacing."""
    transaction.on_commit(invalidate_site_navigation)
