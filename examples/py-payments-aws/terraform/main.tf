provider "aws" {
  region = "eu-west-1"
}

resource "aws_s3_bucket" "receipts" {
  bucket = "payments-receipts"
}

resource "aws_s3_bucket_public_access_block" "receipts" {
  bucket                  = aws_s3_bucket.receipts.id
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_sqs_queue" "settlement" {
  name = "payments-settlement"
}

resource "aws_security_group" "db" {
  name = "payments-db"
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_db_instance" "payments" {
  identifier             = "payments"
  engine                 = "postgres"
  instance_class         = "db.t4g.medium"
  allocated_storage      = 50
  username               = "payments"
  password               = var.db_password
  publicly_accessible    = true
  storage_encrypted      = false
  skip_final_snapshot    = true
  vpc_security_group_ids = [aws_security_group.db.id]
}

resource "aws_iam_role" "app" {
  name               = "payments-app"
  assume_role_policy = data.aws_iam_policy_document.ecs_assume.json
}

resource "aws_iam_role_policy" "app" {
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:*"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_user" "ci" {
  name = "payments-ci"
}

resource "aws_iam_access_key" "ci" {
  user = aws_iam_user.ci.name
}

resource "aws_lb" "public" {
  name               = "payments"
  internal           = false
  load_balancer_type = "application"
}

resource "aws_ecs_service" "api" {
  name          = "payments-api"
  desired_count = 2
}
