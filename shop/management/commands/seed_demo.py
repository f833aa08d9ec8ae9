from django.core.management.base import BaseCommand

from shop.demo import SHOPPER, STAFF, seed_demo


class Command(BaseCommand):
    help = "Fill an empty shop with demo data (idempotent) and print the demo accounts."

    def handle(self, *args, **options):
        created = seed_demo()
        self.stdout.write(f"Demo data: {created} goods created." if created else "Demo data already present.")
        self.stdout.write(f"  staff account:   {STAFF[0]} / {STAFF[1]}   (admin at /admin/)")
        self.stdout.write(f"  shopper account: {SHOPPER[0]} / {SHOPPER[1]}")
