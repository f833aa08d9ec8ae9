"""Stripe's checkout-session endpoints on a loopback port, for the worker tests and bench/jobs.py:
retrieving a session, and listing the completed ones as Stripe does (newest first, 100 a page at most,
``created[gte]``/``created[lte]``, ``starting_after``)."""

import contextlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Fake:
    url: str  # for STRIPE_API_BASE
    paid: set = field(default_factory=set)  # ids of the completed, paid sessions; every other one is open
    amount: int = 100  # every session's, in cents
    created: int = field(default_factory=lambda: int(time.time()))  # every session's creation time
    lists: int = 0  # listing calls answered

    def session(self, session_id):
        payment_id = session_id.removeprefix("cs_")
        return {"id": session_id, "object": "checkout.session", "created": self.created,
                "status": "complete" if session_id in self.paid else "open",
                "payment_status": "paid" if session_id in self.paid else "unpaid",
                "amount_subtotal": self.amount, "amount_total": self.amount, "currency": "cny",
                "payment_intent": f"pi_{payment_id}", "client_reference_id": payment_id}  # fmt: skip

    def listing(self, query):
        self.lists += 1
        within = int(query.get("created[gte]", [0])[0]) <= self.created <= int(query.get("created[lte]", [2**40])[0])
        ids = sorted(self.paid, reverse=True) if within and query.get("status") == ["complete"] else []
        if after := query.get("starting_after"):
            ids = [i for i in ids if i < after[0]]
        limit = int(query.get("limit", [10])[0])
        return {"object": "list", "url": "/v1/checkout/sessions", "has_more": len(ids) > limit,
                "data": [self.session(i) for i in ids[:limit]]}  # fmt: skip


def handler(fake):
    class FakeStripe(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as Stripe's API does
        disable_nagle_algorithm = True  # else each answer waits 40 ms for the client's delayed ACK

        def do_GET(self):
            url = urlsplit(self.path)
            if url.path == "/v1/checkout/sessions":
                answer = fake.listing(parse_qs(url.query))
            else:
                answer = fake.session(url.path.rsplit("/", 1)[-1])
            body = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return FakeStripe


@contextlib.contextmanager
def fake_stripe():
    """Serve the fake; yields its ``Fake``, whose ``paid`` set the caller fills."""
    fake = Fake(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler(fake))
    fake.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
