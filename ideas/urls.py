from django.urls import path

from ideas.views import actions, detail, merging, moderation

app_name = "ideas"
urlpatterns = [
    path("<int:pk>-<slug:slug>/", detail.idea_detail, name="detail"),
    path("<int:pk>/vote/", actions.vote, name="vote"),
    path("<int:pk>/comments/", actions.comment, name="comment"),
    path("<int:pk>/status/", actions.change_status, name="change_status"),
    path("<int:pk>/owner/", merging.assign_owner, name="assign_owner"),
    path("<int:pk>/merge/", merging.merge, name="merge"),
    path("merges/<int:merge_id>/undo/", merging.undo_merge, name="undo_merge"),
    path("<int:pk>/flag/", moderation.flag_idea, name="flag"),
    path("comments/<int:pk>/flag/", moderation.flag_comment, name="flag_comment"),
]
