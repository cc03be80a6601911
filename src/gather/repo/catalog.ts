import type { EvidenceKind } from '../../model/app/types.js';

/**
 * Dependency name → what it tells us. Keys are lower-case package names as written in each
 * ecosystem's manifest (npm, PyPI, Go module path prefix, Maven artifactId, NuGet, gem, crate).
 * The value's `name` is the normalised key the engine and the kb match on.
 */
export type CatalogHit = { kind: EvidenceKind; name: string };

const f = (name: string): CatalogHit => ({ kind: 'framework', name });
const d = (name: string): CatalogHit => ({ kind: 'datastore', name });
const i = (name: string): CatalogHit => ({ kind: 'integration', name });
const a = (name: string): CatalogHit => ({ kind: 'auth', name });
const l = (name: string): CatalogHit => ({ kind: 'logging', name });

export const PACKAGES: Record<string, CatalogHit> = {
  // npm
  express: f('express'), fastify: f('fastify'), '@nestjs/core': f('nestjs'), koa: f('koa'), '@hapi/hapi': f('hapi'), next: f('nextjs'), '@grpc/grpc-js': f('grpc'),
  pg: d('postgres'), 'pg-promise': d('postgres'), postgres: d('postgres'), mysql: d('mysql'), mysql2: d('mysql'), mongodb: d('mongodb'), mongoose: d('mongodb'),
  redis: d('redis'), ioredis: d('redis'), amqplib: d('rabbitmq'), kafkajs: d('kafka'), bullmq: d('redis'), bull: d('redis'), sqlite3: d('sqlite'), 'better-sqlite3': d('sqlite'),
  '@elastic/elasticsearch': d('elasticsearch'), '@aws-sdk/client-dynamodb': d('dynamodb'), '@aws-sdk/client-sqs': d('sqs'),
  '@aws-sdk/client-s3': i('aws-s3'), 'aws-sdk': i('aws'), stripe: i('stripe'), '@sendgrid/mail': i('sendgrid'), nodemailer: i('smtp'), twilio: i('twilio'),
  openai: i('openai'), '@anthropic-ai/sdk': i('anthropic'), '@slack/web-api': i('slack'), '@sentry/node': i('sentry'), '@google-cloud/storage': i('gcp-storage'),
  'firebase-admin': i('firebase'), '@octokit/rest': i('github-api'), 'mailgun.js': i('mailgun'), 'dd-trace': i('datadog'), '@paypal/checkout-server-sdk': i('paypal'),
  jsonwebtoken: a('jwt'), jose: a('jwt'), 'express-jwt': a('jwt'), '@nestjs/jwt': a('jwt'), passport: a('passport'), 'passport-local': a('password'), 'passport-jwt': a('jwt'),
  'passport-google-oauth20': a('oauth_oidc'), 'openid-client': a('oauth_oidc'), 'next-auth': a('oauth_oidc'), 'express-session': a('session_cookie'),
  'cookie-session': a('session_cookie'), bcrypt: a('password'), bcryptjs: a('password'), argon2: a('password'), speakeasy: a('mfa'), otplib: a('mfa'),
  pino: l('pino'), 'pino-http': l('pino'), winston: l('winston'), bunyan: l('bunyan'), morgan: l('morgan'),
  // PyPI
  fastapi: f('fastapi'), flask: f('flask'), django: f('django'), djangorestframework: f('django'), starlette: f('fastapi'), grpcio: f('grpc'),
  psycopg2: d('postgres'), 'psycopg2-binary': d('postgres'), psycopg: d('postgres'), asyncpg: d('postgres'), pymysql: d('mysql'), pymongo: d('mongodb'),
  celery: d('celery'), 'kafka-python': d('kafka'), pika: d('rabbitmq'), elasticsearch: d('elasticsearch'),
  boto3: i('aws'), sendgrid: i('sendgrid'), 'sentry-sdk': i('sentry'), anthropic: i('anthropic'), 'slack-sdk': i('slack'), 'google-cloud-storage': i('gcp-storage'),
  pyjwt: a('jwt'), 'python-jose': a('jwt'), authlib: a('oauth_oidc'), 'django-allauth': a('oauth_oidc'), passlib: a('password'), 'argon2-cffi': a('password'), pyotp: a('mfa'),
  structlog: l('structlog'), loguru: l('loguru'),
  // Go (module path; matched by prefix)
  'github.com/gin-gonic/gin': f('gin'), 'github.com/labstack/echo': f('echo'), 'github.com/gofiber/fiber': f('fiber'), 'github.com/go-chi/chi': f('chi'),
  'github.com/gorilla/mux': f('gorilla'), 'google.golang.org/grpc': f('grpc'),
  'github.com/lib/pq': d('postgres'), 'github.com/jackc/pgx': d('postgres'), 'github.com/go-sql-driver/mysql': d('mysql'), 'go.mongodb.org/mongo-driver': d('mongodb'),
  'github.com/redis/go-redis': d('redis'), 'github.com/go-redis/redis': d('redis'), 'github.com/segmentio/kafka-go': d('kafka'), 'github.com/rabbitmq/amqp091-go': d('rabbitmq'),
  'github.com/aws/aws-sdk-go': i('aws'), 'github.com/aws/aws-sdk-go-v2': i('aws'), 'github.com/stripe/stripe-go': i('stripe'),
  'github.com/golang-jwt/jwt': a('jwt'), 'github.com/coreos/go-oidc': a('oauth_oidc'), 'golang.org/x/oauth2': a('oauth_oidc'),
  'go.uber.org/zap': l('zap'), 'github.com/sirupsen/logrus': l('logrus'), 'github.com/rs/zerolog': l('zerolog'),
  // Maven / Gradle (artifactId)
  'spring-boot-starter-web': f('spring'), 'spring-boot-starter-webflux': f('spring'), 'spring-boot-starter-security': a('spring-security'),
  'spring-boot-starter-oauth2-client': a('oauth_oidc'), 'spring-boot-starter-oauth2-resource-server': a('jwt'), postgresql: d('postgres'),
  'mysql-connector-java': d('mysql'), 'mysql-connector-j': d('mysql'), 'spring-boot-starter-data-redis': d('redis'), jedis: d('redis'), 'spring-kafka': d('kafka'),
  'spring-boot-starter-amqp': d('rabbitmq'), 'spring-boot-starter-data-mongodb': d('mongodb'), 'jjwt-api': a('jwt'), jjwt: a('jwt'), 'java-jwt': a('jwt'),
  'logback-classic': l('logback'), 'log4j-core': l('log4j'), 'aws-java-sdk-s3': i('aws-s3'), s3: i('aws-s3'), 'stripe-java': i('stripe'), 'spring-boot-starter-mail': i('smtp'),
  // NuGet
  'microsoft.aspnetcore.app': f('aspnet'), 'microsoft.aspnetcore.openapi': f('aspnet'), npgsql: d('postgres'), 'npgsql.entityframeworkcore.postgresql': d('postgres'),
  'microsoft.entityframeworkcore.sqlserver': d('mssql'), 'stackexchange.redis': d('redis'), serilog: l('serilog'), 'serilog.aspnetcore': l('serilog'),
  'microsoft.aspnetcore.authentication.jwtbearer': a('jwt'), 'microsoft.identity.web': a('oauth_oidc'), 'awssdk.s3': i('aws-s3'), 'stripe.net': i('stripe'),
  // gems
  rails: f('rails'), sinatra: f('sinatra'), sidekiq: d('redis'), devise: a('password'), omniauth: a('oauth_oidc'), jwt: a('jwt'),
  'aws-sdk-s3': i('aws-s3'), lograge: l('lograge'),
  // crates
  'actix-web': f('actix'), axum: f('axum'), rocket: f('rocket'), sqlx: d('postgres'), 'tokio-postgres': d('postgres'),
  tracing: l('tracing'), 'async-stripe': i('stripe'),
};

/** Look a dependency up; Go module paths match by prefix (`github.com/jackc/pgx/v5`). */
export function lookupPackage(raw: string): CatalogHit | undefined {
  const name = raw.trim().toLowerCase();
  const hit = PACKAGES[name];
  if (hit) return hit;
  if (name.includes('/')) {
    for (const key of Object.keys(PACKAGES)) if (key.includes('.') && key.includes('/') && name.startsWith(key)) return PACKAGES[key];
    if (name.startsWith('microsoft.aspnetcore.')) return f('aspnet');
  }
  if (name.startsWith('microsoft.aspnetcore.')) return f('aspnet');
  return undefined;
}
