import os

from sqlalchemy import create_engine, text

engine = create_engine(os.environ["DATABASE_URL"], pool_pre_ping=True)


def find_user(email):
    with engine.connect() as c:
        return c.execute(text("SELECT id, password_hash FROM users WHERE email = :e"), {"e": email}).first()


def find_user_by_id(user_id):
    with engine.connect() as c:
        return c.execute(text("SELECT id, email FROM users WHERE id = :i"), {"i": user_id}).first()


def get_payment(payment_id, user_id):
    with engine.connect() as c:
        return c.execute(text("SELECT * FROM payments WHERE id = :p AND user_id = :u"), {"p": payment_id, "u": user_id}).first()
