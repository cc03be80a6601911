# Local development defaults. Production values come from the environment.
DEBUG = False
SETTLEMENT_BATCH_SIZE = 200
PAYPAL_WEBHOOK_SECRET = "whsec_9f8e7d6c5b4a39281706f5e4d3c2b1a0"
