from notifications.models import Follow


def follow_of(*, viewer, idea) -> Follow | None:
    """The viewer's follow row for ``idea`` (active or not), or None; one query."""
    if viewer is None or not viewer.is_authenticated:
        return None
    return Follow.objects.filter(user=viewer, idea=idea).first()
