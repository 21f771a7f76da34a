"""People's choices per kind of event: on the site or not; email immediately, daily, never."""

from dataclasses import dataclass

from django.db import transaction

from notifications.models import EmailChoice, EventKind, NotificationSetting


@dataclass(frozen=True)
class Choice:
    on_site: bool
    email: str


DEFAULT_CHOICE = Choice(NotificationSetting.DEFAULT_ON_SITE, NotificationSetting.DEFAULT_EMAIL)


def choices_for(*, user) -> dict[str, Choice]:
    """Every kind of event with ``user``'s choice for it (defaults where none was saved)."""
    saved = {
        row.kind: Choice(row.on_site, row.email)
        for row in NotificationSetting.objects.filter(user=user)
    }
    return {kind: saved.get(kind, DEFAULT_CHOICE) for kind in EventKind.values}


def save_choices(*, user, choices: dict[str, Choice]) -> None:
    """Store ``choices`` (kind → Choice) for ``user``; unknown kinds are ignored."""
    with transaction.atomic():
        for kind, choice in choices.items():
            if kind not in EventKind.values or choice.email not in EmailChoice.values:
                continue
            NotificationSetting.objects.update_or_create(
                user=user, kind=kind, defaults={"on_site": choice.on_site, "email": choice.email}
            )


def stop_emails(*, user, kind: str | None = None) -> None:
    """Set email to "never" for ``kind``, or for every kind when ``kind`` is None."""
    kinds = EventKind.values if kind is None else [kind]
    with transaction.atomic():
        for each in kinds:
            NotificationSetting.objects.update_or_create(
                user=user,
                kind=each,
                defaults={"email": EmailChoice.NEVER},
                create_defaults={"email": EmailChoice.NEVER, "on_site": DEFAULT_CHOICE.on_site},
            )
