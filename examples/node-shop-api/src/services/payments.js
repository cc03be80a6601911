const Stripe = require('stripe');

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);

async function createPaymentIntent(amount, userId) {
  return stripe.paymentIntents.create({ amount, currency: 'eur', metadata: { userId } });
}

module.exports = { stripe, createPaymentIntent };
