from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from tqdm import tqdm

from cms.demo import seed


class Command(BaseCommand):
    help = _(
        "Create demo brands, challenges, people, ideas, votes, comments and editorial pages "
        "(idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--ideas-per-challenge", type=int, default=60)
        parser.add_argument("--customers", type=int, default=120)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, ideas_per_challenge, customers, no_progress, **options):
        def progress(name, total):
            return tqdm(total=total, desc=name, unit="idea", disable=no_progress, file=self.stderr)

        summary = seed(
            ideas_per_challenge=ideas_per_challenge, customers=customers, progress=progress
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo data ready: %(ideas)d ideas, %(votes)d votes, %(comments)d comments.")
                % summary
            )
        )
        self.stdout.write(
            _("Log in at http://127.0.0.1:8000/accounts/login/ (password: %s)")
            % summary["password"]
        )
        self.stdout.write(_("  site admin:  %s (Wagtail at /admin/)") % summary["admin"])
        for email in summary["staff"]:
            self.stdout.write(_("  brand staff: %s") % email)
        for email in summary["customers"]:
            self.stdout.write(_("  customer:    %s") % email)
        review = summary["review"]
        if review["in_review"]:
            self.stdout.write(
                _(
                    "Waiting for review: “%(title)s”, submitted by %(submitted_by)s; "
                    "log in as %(approver)s to approve or request changes at %(edit_url)s"
                )
                % review
            )
