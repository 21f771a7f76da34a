from django.core.management.base import BaseCommand

from notifications.tasks import deliver_pending, send_daily_digests


class Command(BaseCommand):
    help = (
        "Run the notification sweeper now (fan out pending events, queue due emails); "
        "with --digests, also send today's daily digests. Without REDIS_URL it all runs here."
    )

    def add_arguments(self, parser):
        parser.add_argument("--digests", action="store_true", help="Send today's digests too.")

    def handle(self, *args, digests: bool, **options):
        deliver_pending()
        if digests:
            send_daily_digests()
        self.stdout.write(self.style.SUCCESS("Notifications delivered or queued."))
