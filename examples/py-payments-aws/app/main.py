from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import OAuth2PasswordRequestForm

from app import auth, db, ledger, storage
from app.logs import log

app = FastAPI(title="payments-service")


@app.get("/health")
def health():
    return {"ok": True}


@app.post("/token")
def login(form: OAuth2PasswordRequestForm = Depends()):
    user = db.find_user(form.username)
    if not user or not auth.verify_password(form.password, user.password_hash):
        raise HTTPException(status_code=401, detail="invalid credentials")
    return {"access_token": auth.create_access_token(user.id), "token_type": "bearer"}


@app.post("/payments")
def create_payment(body: dict, user=Depends(auth.get_current_user)):
    payment = ledger.capture(body["amount"], body["currency"], user.id)
    storage.put_receipt(payment.id, payment.as_pdf())
    storage.enqueue_settlement(payment.id)
    log.info("payment captured", payment_id=payment.id, user_id=user.id)
    return payment.as_dict()


@app.get("/payments/{payment_id}")
def get_payment(payment_id: str, user=Depends(auth.get_current_user)):
    return db.get_payment(payment_id, user.id)


@app.get("/receipts/{payment_id}")
def receipt_link(payment_id: str):
    # presigned link; no auth check here (the bucket key is the payment id)
    return {"url": storage.presigned_receipt_url(payment_id)}
