from django.db import models


class IndexEntry(models.Model):
    """An object whose search document must be refreshed: the search outbox.

    Written by ``search.indexing.mark_dirty`` in the same transaction as the change it
    follows, so a rolled-back change leaves no entry; drained in batches after commit by
    ``search.indexing.drain``. One row per object: marking it again while it waits is a no-op.
    """

    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_index_entry_per_object")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
