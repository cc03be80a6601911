const Redis = require('ioredis');

// carts and rate-limit counters; sessions are stateless JWTs
const redis = new Redis(process.env.REDIS_URL);

module.exports = { redis };
