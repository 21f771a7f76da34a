"""Declare a permission once, as ordered checks, and use it everywhere.

Each ``Requirement`` registers a django-rules permission (for ``has_perm`` in views and
templates) and knows which check failed, so services can refuse with a clear message:
``PermissionDenied`` for who you are, ``ValidationError`` for what the state allows.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import and_

import rules
from django.core.exceptions import PermissionDenied, ValidationError


@dataclass(frozen=True)
class Check:
    predicate: rules.Predicate
    message: str
    error: Callable[[str], Exception] = PermissionDenied


@dataclass(frozen=True)
class Requirement:
    name: str
    checks: tuple[Check, ...]

    @property
    def predicate(self) -> rules.Predicate:
        return reduce(and_, (check.predicate for check in self.checks))

    def register(self) -> "Requirement":
        rules.set_perm(self.name, self.predicate)
        return self

    def first_failure(self, user, obj) -> Check | None:
        for check in self.checks:
            if not check.predicate.test(user, obj):
                return check
        return None

    def allows(self, user, obj) -> bool:
        """Like ``has_perm`` but without Django's superuser shortcut: phases bind everyone."""
        return self.first_failure(user, obj) is None

    def enforce(self, user, obj) -> None:
        failure = self.first_failure(user, obj)
        if failure is not None:
            raise failure.error(str(failure.message))


def refuse_state(message: str) -> ValidationError:
    return ValidationError(message, code="not_allowed_now")


__all__ = ["Check", "Requirement", "PermissionDenied", "refuse_state"]
