import os

import boto3

s3 = boto3.client("s3")
sqs = boto3.client("sqs")
BUCKET = os.environ.get("RECEIPTS_BUCKET", "payments-receipts")
QUEUE_URL = os.environ["SETTLEMENT_QUEUE_URL"]


def put_receipt(payment_id, pdf):
    s3.put_object(Bucket=BUCKET, Key=f"receipts/{payment_id}.pdf", Body=pdf)


def presigned_receipt_url(payment_id):
    return s3.generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": f"receipts/{payment_id}.pdf"}, ExpiresIn=3600)


def enqueue_settlement(payment_id):
    sqs.send_message(QueueUrl=QUEUE_URL, MessageBody=payment_id)
