const express = require('express');
const { stripe } = require('../services/payments');
const db = require('../db');
const { logger } = require('../logger');

const router = express.Router();

router.post('/stripe', async (req, res) => {
  let event;
  try {
    event = stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'], process.env.STRIPE_WEBHOOK_SECRET);
  } catch (err) {
    logger.warn({ err: err.message }, 'stripe webhook signature invalid');
    return res.status(400).end();
  }
  if (event.type === 'payment_intent.succeeded') await db.query('UPDATE orders SET paid = true WHERE payment_intent = $1', [event.data.object.id]);
  res.json({ received: true });
});

module.exports = router;
