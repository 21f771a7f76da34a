from django.urls import path

from brands import views

app_name = "brands"
urlpatterns = [
    path("", views.brand_settings, name="settings"),
    path("members/", views.add_member, name="add_member"),
    path("members/<int:user_id>/", views.change_member, name="change_member"),
]
