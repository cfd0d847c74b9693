"""acme-orders: a tiny order service used as the vigil demo. Every secret in it is fake."""
import os

import stripe
from flask import Flask, jsonify, request

app = Flask(__name__)

# Planted on purpose: a hard-coded live-looking Stripe key (fake).
stripe.api_key = "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"

# A reviewed test fixture, suppressed inline so vigil skips this line.
FIXTURE_TOKEN = "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"  # vigil:allow


@app.post("/orders")
def create_order():
    order = request.get_json()
    charge = stripe.PaymentIntent.create(amount=order["amount"], currency="eur")
    return jsonify({"id": charge["id"], "status": "created"}), 201


if __name__ == "__main__":
    app.run(port=int(os.environ.get("PORT", "8080")))
