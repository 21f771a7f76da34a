from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [path("follow/<int:pk>/", views.follow, name="follow")]
