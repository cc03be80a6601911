const express = require('express');
const db = require('../db');
const { requireAuth } = require('../middleware/auth');
const { createPaymentIntent } = require('../services/payments');
const { sendReceipt } = require('../services/email');

const router = express.Router();

router.get('/', requireAuth, async (req, res) => {
  const { rows } = await db.query('SELECT * FROM orders WHERE user_id = $1', [req.user.sub]);
  res.json(rows);
});

router.post('/', requireAuth, async (req, res) => {
  const intent = await createPaymentIntent(req.body.amount_cents, req.user.sub);
  const { rows } = await db.query('INSERT INTO orders (user_id, amount_cents, payment_intent) VALUES ($1, $2, $3) RETURNING id', [req.user.sub, req.body.amount_cents, intent.id]);
  await sendReceipt(req.user.email, rows[0].id);
  res.status(201).json({ id: rows[0].id, client_secret: intent.client_secret });
});

module.exports = router;
