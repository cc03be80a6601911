const sgMail = require('@sendgrid/mail');

sgMail.setApiKey(process.env.SENDGRID_API_KEY);

async function sendReceipt(to, orderId) {
  await sgMail.send({ to, from: 'orders@shop.example', subject: `Order ${orderId}`, text: 'Thank you for your order.' });
}

module.exports = { sendReceipt };
