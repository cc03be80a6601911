const express = require('express');
const helmet = require('helmet');
const pinoHttp = require('pino-http');
const { logger } = require('./logger');
const auth = require('./routes/auth');
const orders = require('./routes/orders');
const webhooks = require('./routes/webhooks');
const { requireAuth, requireAdmin } = require('./middleware/auth');
const db = require('./db');

const app = express();
app.use(helmet());
app.use(pinoHttp({ logger }));
app.use('/webhooks', express.raw({ type: 'application/json' }), webhooks);
app.use(express.json());

app.get('/healthz', (req, res) => res.json({ ok: true }));
app.get('/products', async (req, res) => {
  const { rows } = await db.query('SELECT id, name, price_cents FROM products WHERE active');
  res.json(rows);
});
app.use('/auth', auth);
app.use('/orders', orders);
app.get('/admin/users', requireAuth, requireAdmin, async (req, res) => {
  const { rows } = await db.query('SELECT id, email, role, created_at FROM users');
  res.json(rows);
});

const port = Number(process.env.PORT || 3000);
app.listen(port, () => logger.info({ port }, 'shop-api listening'));
