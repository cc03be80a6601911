import type { RepoEvidence } from '../../model/app/types.js';
import { CODE_EXTS, ev, matches } from './text.js';
import type { RepoScanner } from './types.js';
import { isTestPath } from './routes.js';

/** Connection strings and client constructors that show how the code reaches its datastores. */
const URLS = /\b(postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|kafka|sqlserver|jdbc:(?:postgresql|mysql|sqlserver))(:\/\/|:)[^\s'"`]*/g;
const SCHEME: Record<string, string> = {
  postgres: 'postgres', postgresql: 'postgres', 'jdbc:postgresql': 'postgres', mysql: 'mysql', mariadb: 'mysql', 'jdbc:mysql': 'mysql',
  mongodb: 'mongodb', 'mongodb+srv': 'mongodb', redis: 'redis', rediss: 'redis', amqp: 'rabbitmq', amqps: 'rabbitmq', kafka: 'kafka',
  sqlserver: 'mssql', 'jdbc:sqlserver': 'mssql',
};
const CLIENTS: [RegExp, string][] = [
  [/new\s+(?:pg\.)?(?:Pool|Client)\s*\(|\bpsycopg2?\.connect\(|\basyncpg\.(?:connect|create_pool)\(|\bpgxpool\.|sql\.Open\(\s*"(?:postgres|pgx)"/g, 'postgres'],
  [/new\s+(?:Redis|IORedis)\s*\(|\bcreateClient\(\s*\{?\s*url|\bredis\.(?:Redis|StrictRedis|from_url)\(|\bredis\.NewClient\(/g, 'redis'],
  [/\bmongoose\.connect\(|\bMongoClient\(/g, 'mongodb'],
  [/\bmysql\.create(?:Pool|Connection)\(|sql\.Open\(\s*"mysql"/g, 'mysql'],
  [/\bamqp\.connect\(|\bpika\.BlockingConnection\(/g, 'rabbitmq'],
  [/new\s+Kafka\s*\(|\bKafkaProducer\(|\bkafka\.NewWriter\(/g, 'kafka'],
  [/\bDynamoDB(?:Client)?\s*\(|boto3\.(?:client|resource)\(\s*['"]dynamodb['"]/g, 'dynamodb'],
  [/\bSQSClient\s*\(|boto3\.client\(\s*['"]sqs['"]/g, 'sqs'],
  [/\bsqlite3\.connect\(|new\s+(?:sqlite3\.)?Database\(/g, 'sqlite'],
];
const EXTS = new Set<string>([...CODE_EXTS, '.yml', '.yaml', '.properties', '.toml', '.json', '.env', '.ini', '.conf']);

export const datastoresScanner: RepoScanner = {
  id: 'datastores',
  isEnabled: () => true,
  scan(repo) {
    const out: RepoEvidence[] = [];
    for (const file of repo.files) {
      const dotenv = file.base === '.env' || file.base.startsWith('.env.');
      if (!dotenv && !EXTS.has(file.ext)) continue;
      if (isTestPath(file.path) || file.base === 'package-lock.json') continue;
      const text = repo.text(file);
      if (!text) continue;
      for (const { m, line } of matches(text, URLS)) {
        const name = SCHEME[m[1].toLowerCase()];
        if (!name || (m[2] === ':' && !m[1].startsWith('jdbc'))) continue;
        const host = hostOf(m[0]);
        out.push(ev(repo, 'datastores', 'datastore', name, file, line, `connection string to ${name}${host ? ` at ${host}` : ''}`, { via: 'connection_string', ...(host ? { host } : {}) }));
      }
      if (!CODE_EXTS.includes(file.ext as (typeof CODE_EXTS)[number])) continue;
      for (const [re, name] of CLIENTS) {
        for (const { line } of matches(text, re)) {
          out.push(ev(repo, 'datastores', 'datastore', name, file, line, `${name} client created`, { via: 'client' }));
          break; // one per file and store is enough evidence
        }
      }
    }
    return out;
  },
};

/** Host (never the credentials) of a connection URL. */
function hostOf(url: string): string | undefined {
  const m = url.match(/:\/\/(?:[^@/]*@)?([^/:?,;]+)/);
  return m && /^[\w.-]+$/.test(m[1]) ? m[1] : undefined;
}
