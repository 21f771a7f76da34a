from django.urls import path

from webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("", views.endpoint_list, name="list"),
    path("<int:endpoint_id>/", views.endpoint_detail, name="detail"),
    path("<int:endpoint_id>/delete/", views.delete_endpoint, name="delete"),
    path("<int:endpoint_id>/rotate/", views.rotate_secret, name="rotate"),
    path("<int:endpoint_id>/enable/", views.enable_endpoint, name="enable"),
    path("<int:endpoint_id>/test/", views.send_test_event, name="test"),
    path(
        "<int:endpoint_id>/deliveries/<int:delivery_id>/redeliver/",
        views.redeliver,
        name="redeliver",
    ),
]
