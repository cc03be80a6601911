import os

import httpx

PSP_URL = "https://api.sandbox.paypal.com/v2/checkout/orders"


def capture(amount, currency, user_id):
    resp = httpx.post(PSP_URL, auth=(os.environ["PAYPAL_CLIENT_ID"], os.environ["PAYPAL_CLIENT_SECRET"]), json={"intent": "CAPTURE", "purchase_units": [{"amount": {"currency_code": currency, "value": str(amount)}}]})
    resp.raise_for_status()
    return Payment.from_psp(resp.json(), user_id)


class Payment:
    def __init__(self, id, amount, user_id):
        self.id, self.amount, self.user_id = id, amount, user_id

    @classmethod
    def from_psp(cls, data, user_id):
        return cls(data["id"], data["purchase_units"][0]["amount"]["value"], user_id)

    def as_dict(self):
        return {"id": self.id, "amount": self.amount}

    def as_pdf(self):
        return f"receipt {self.id}".encode()
