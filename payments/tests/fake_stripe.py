"""Stripe's checkout-session endpoint on a loopback port, for the worker tests and bench/jobs.py."""

import contextlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def handler(payment_status):
    class FakeStripe(BaseHTTPRequestHandler):
        """Every session is ``payment_status`` ("paid" or "unpaid"), for 100 cents."""

        protocol_version = "HTTP/1.1"  # keep-alive, as Stripe's API does

        def do_GET(self):
            session_id = self.path.rsplit("/", 1)[-1]
            payment_id = session_id.removeprefix("cs_")
            body = json.dumps({"id": session_id, "object": "checkout.session", "payment_status": payment_status,
                               "amount_subtotal": 100, "amount_total": 100, "currency": "cny",
                               "payment_intent": f"pi_{payment_id}",
                               "client_reference_id": payment_id}).encode()  # fmt: skip
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return FakeStripe


@contextlib.contextmanager
def fake_stripe(payment_status="paid"):
    """Serve the fake; yields its base URL (for ``STRIPE_API_BASE``)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler(payment_status))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
