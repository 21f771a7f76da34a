"""The cheapest durable vote Django can serve here, to measure a floor (bench/vote_floor.py).

Not the product: no rules beyond "public idea in an open, live challenge", no vote budget,
no threshold, no webhooks, no throttle, no DRF. One plain view and one SQL statement per
request (token, idea, vote, follow and counter in a single PostgreSQL CTE, committed on
its own), so whatever it costs over ``/healthz`` is the price of any synchronous, durable
vote on this machine.
"""

import json

from django.db import connection
from django.http import Http404, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from api.tokens import hash_secret
from cocreate.urls import urlpatterns as site_urlpatterns
from ideas.ranking import DECAY_SECONDS, EPOCH

_SCORE = (
    "LN(GREATEST(vote_count + {delta}, 1)) / LN(10) "
    f"+ EXTRACT(EPOCH FROM created_at - '{EPOCH.isoformat()}'::timestamptz) / {DECAY_SECONDS}"
)
_CAST = f"""
WITH person AS (
    SELECT t.user_id FROM api_apitoken t JOIN accounts_user u ON u.id = t.user_id
    WHERE t.key_hash = %(key)s AND t.revoked_at IS NULL AND u.is_active
), target AS (
    SELECT i.id, i.challenge_id FROM ideas_idea i
    JOIN wagtailcore_page p ON p.id = i.challenge_id
    JOIN challenges_challengepage c ON c.page_ptr_id = i.challenge_id
    WHERE i.id = %(idea)s AND i.is_public AND i.merged_into_id IS NULL AND p.live
      AND c.opens_at <= now() AND now() < c.closes_at
), vote AS (
    INSERT INTO ideas_vote (user_id, idea_id, challenge_id, created_at)
    SELECT person.user_id, target.id, target.challenge_id, now() FROM person, target
    ON CONFLICT DO NOTHING RETURNING user_id, idea_id
), follow AS (
    INSERT INTO notifications_follow (user_id, idea_id, reason, is_active, created_at, updated_at)
    SELECT user_id, idea_id, 'voter', true, now(), now() FROM vote ON CONFLICT DO NOTHING
), counted AS (
    UPDATE ideas_idea SET vote_count = vote_count + 1, hot_score = {_SCORE.format(delta=1)},
        updated_at = now()
    WHERE id IN (SELECT idea_id FROM vote) RETURNING vote_count
)
SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM target),
       (SELECT vote_count FROM counted)
"""
_WITHDRAW = f"""
WITH person AS (
    SELECT t.user_id FROM api_apitoken t JOIN accounts_user u ON u.id = t.user_id
    WHERE t.key_hash = %(key)s AND t.revoked_at IS NULL AND u.is_active
), gone AS (
    DELETE FROM ideas_vote WHERE user_id IN (SELECT user_id FROM person) AND idea_id = %(idea)s
    RETURNING idea_id
), counted AS (
    UPDATE ideas_idea SET vote_count = vote_count - 1, hot_score = {_SCORE.format(delta=-1)},
        updated_at = now()
    WHERE id IN (SELECT idea_id FROM gone) RETURNING vote_count
)
SELECT (SELECT count(*) FROM person), 1, (SELECT vote_count FROM counted)
"""


@csrf_exempt
def floor_vote(request, pk: int):
    keyword, _sep, secret = request.headers.get("Authorization", "").partition(" ")
    if keyword != "Bearer" or request.method not in {"PUT", "DELETE"}:
        return HttpResponse(status=401 if keyword != "Bearer" else 405)
    with connection.cursor() as cursor:
        cursor.execute(
            _CAST if request.method == "PUT" else _WITHDRAW,
            {"key": hash_secret(secret), "idea": pk},
        )
        people, ideas, vote_count = cursor.fetchone()
    if not people:
        return HttpResponse(status=401)
    if not ideas:
        raise Http404
    if request.method == "DELETE":
        return HttpResponse(status=204)
    body = {"idea": pk, "vote_count": vote_count, "viewer_has_voted": True}
    return HttpResponse(json.dumps(body), content_type="application/json")


urlpatterns = [path("bench-floor/ideas/<int:pk>/vote", floor_vote), *site_urlpatterns]
