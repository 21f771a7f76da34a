"""Brand staff pages, under ``/staff/<brand-slug>/``."""

from django.urls import path

from ideas.views import board, moderation

app_name = "staff"
urlpatterns = [
    path("<slug:slug>/board/", board.board, name="board"),
    path("<slug:slug>/board/move/", board.move, name="board_move"),
    path("<slug:slug>/board/bulk/", board.bulk, name="board_bulk"),
    path("<slug:slug>/moderation/", moderation.moderation_queue, name="moderation_queue"),
    path("<slug:slug>/moderation/act/", moderation.moderate, name="moderate"),
]
