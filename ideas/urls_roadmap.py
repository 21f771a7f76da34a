from django.urls import path

from ideas.views import roadmap

app_name = "roadmap"
urlpatterns = [
    path("", roadmap.roadmap_index, name="index"),
]
