from django.urls import path

from ideas.views import actions, detail

app_name = "ideas"
urlpatterns = [
    path("<int:pk>-<slug:slug>/", detail.idea_detail, name="detail"),
    path("<int:pk>/vote/", actions.vote, name="vote"),
    path("<int:pk>/comments/", actions.comment, name="comment"),
    path("<int:pk>/status/", actions.change_status, name="change_status"),
]
