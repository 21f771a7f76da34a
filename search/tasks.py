from celery import shared_task


@shared_task(name="search.drain_index_queue")
def drain_index_queue() -> int:
    """Sent after each commit that marked something; also the periodic sweep that catches
    up when a broker was unreachable."""
    from search.indexing import drain

    return drain()


@shared_task(name="search.refresh_vote_counts")
def refresh_vote_counts() -> int:
    """Every ``VOTE_COUNT_LAG``: an external index gets the vote counts that moved."""
    from search.indexing import mark_recently_voted

    return mark_recently_voted()
