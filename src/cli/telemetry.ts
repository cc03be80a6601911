import type { Command } from 'commander';
import { action, collect, emit } from './context.js';
import { usageError, inputError } from '../util/errors.js';

const dbOpt = ['--db <file>', 'telemetry database (default: $XDG_DATA_HOME/tm/telemetry.duckdb)'] as const;

async function withStore<T>(db: string | undefined, command: string, fn: (s: import('../telemetry/store.js').OpenStore) => Promise<T>): Promise<T> {
  const { openStore } = await import('../telemetry/store.js');
  const store = await openStore(db, command);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const int = (flag: string, v: string | undefined, def: number) => {
  if (v === undefined) return def;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw usageError(`${flag} ${v} is not a whole number`);
  return n;
};

export function register(program: Command): void {
  const t = program.command('telemetry').description('the fleet telemetry store behind `tm serve telemetry`: seed, import, API keys, audit log');

  t.command('seed')
    .description('build a realistic, deterministic fleet with the investigation stories in it')
    .option(...dbOpt)
    .option('--seed <n>', 'random seed', '1')
    .option('--events <n>', 'flow events to generate', '200000')
    .option('--end <date>', 'end of the 30-day window (YYYY-MM-DD)', '2026-11-01')
    .option('--replace', 'replace an existing fleet (API keys and audit log stay)')
    .action(
      action(async (o: { db?: string; seed: string; events: string; end: string; replace?: boolean }, cmd: Command) => {
        const { seedFleet } = await import('../telemetry/seed.js');
        const r = await withStore(o.db, 'tm telemetry seed', (s) => seedFleet(s.db, { seed: int('--seed', o.seed, 1), events: int('--events', o.events, 200_000), end: o.end, replace: o.replace }));
        const { elapsedMs, ...body } = r;
        const rate = Math.round(r.flowEvents / (elapsedMs / 1000));
        emit(cmd, { ...body, metadata: { elapsedMs: Math.round(elapsedMs), eventsPerSecond: rate } }, () =>
          [
            `seeded ${r.flowEvents} flow events, ${r.accessEvents} access events, ${r.devices} devices, ${r.users} users in ${r.orgs} organisations (${rate} events/s)`,
            `stories: ${Object.keys(r.stories).join(', ')}`,
          ].join('\n'),
        );
      }),
    );

  t.command('import <files...>')
    .description('import flow logs: AWS VPC flow logs, Zeek conn.log (TSV or JSON), or jsonl/csv/parquet with a column mapping')
    .requiredOption('--format <f>', 'vpc | zeek | jsonl | csv | parquet')
    .option(...dbOpt)
    .option('--device <id>', 'device the events belong to when no device has their local IP')
    .option('--map <col=source>', 'generic formats: our column = the file column (repeatable), e.g. --map remote_ip=dst', collect)
    .action(
      action(async (files: string[], o: { format: string; db?: string; device?: string; map?: string[] }, cmd: Command) => {
        if (!['vpc', 'zeek', 'jsonl', 'csv', 'parquet'].includes(o.format)) throw usageError(`unknown format "${o.format}"`, 'use vpc, zeek, jsonl, csv or parquet');
        const mapping: Record<string, string> = {};
        for (const m of o.map ?? []) {
          const [k, ...v] = m.split('=');
          if (!k || !v.length) throw usageError(`--map ${m} is not col=source`);
          mapping[k.trim()] = v.join('=').trim();
        }
        const { importFiles } = await import('../telemetry/import.js');
        const r = await withStore(o.db, 'tm telemetry import', (s) => importFiles(s.db, { format: o.format as 'vpc', files, deviceId: o.device, mapping }));
        const { log } = await import('../util/log.js');
        for (const p of r.problems) log.error(`${p.file}${p.line ? ':' + p.line : ''}: ${p.error}`);
        emit(cmd, { imported: r.imported, files: r.files, problems: r.problems, metadata: { elapsedMs: Math.round(r.elapsedMs) } }, () => `imported ${r.imported} flow events from ${r.files} file(s)${r.problems.length ? `; ${r.problems.length} problem(s) above` : ''}`);
        if (r.problems.length) {
          const lines = r.problems.some((p) => p.line);
          process.stderr.write(
            lines
              ? `  hint: the ${r.imported} good events were imported; fix the lines named above and import just those lines again (a whole file again would add its good events twice)\n`
              : '  hint: check the paths named above; the other files were imported\n',
          );
          return 2;
        }
      }),
    );

  const keys = t.command('keys').description('API keys for the MCP server (scopes nest: read < investigate < enforce < admin)');
  keys
    .command('create')
    .description('create a key; it is printed once and stored hashed')
    .requiredOption('--scope <scope>', 'read | investigate | enforce | admin')
    .requiredOption('--name <name>', 'who or what uses it')
    .option('--org <id>', 'organisation the key is bound to (repeatable; default all)', collect)
    .option(...dbOpt)
    .action(
      action(async (o: { scope: string; name: string; org?: string[]; db?: string }, cmd: Command) => {
        const { createKey, parseScope } = await import('../telemetry/keys.js');
        const { appendAudit } = await import('../telemetry/audit.js');
        const scope = parseScope(o.scope);
        const k = await withStore(o.db, 'tm telemetry keys create', (s) =>
          s.db.transaction(async (tx) => {
            const created = await createKey(tx, { name: o.name, scope, orgs: o.org });
            await appendAudit(tx, { keyId: null, agent: null, source: 'cli', tool: 'keys create', args: { name: o.name, scope, orgs: o.org ?? null }, outcome: 'ok', result: { id: created.id, scope, orgs: created.orgs } });
            return created;
          }),
        );
        emit(cmd, { id: k.id, key: k.key, scope: k.scope, orgs: k.orgs }, () => `${k.key}\n(key ${k.id}, scope ${k.scope}, orgs ${k.orgs ? k.orgs.join(',') : 'all'}; shown once, stored hashed)`);
      }),
    );
  keys
    .command('list')
    .description('list keys with scope and organisations (never the secrets)')
    .option(...dbOpt)
    .action(
      action(async (o: { db?: string }, cmd: Command) => {
        const { listKeys } = await import('../telemetry/keys.js');
        const list = await withStore(o.db, 'tm telemetry keys list', (s) => listKeys(s.db));
        emit(cmd, list, () => (list.length ? list.map((k) => `${k.id}  ${k.scope.padEnd(11)} ${(k.orgs ? k.orgs.join(',') : 'all').padEnd(24)} ${k.name}${k.revoked_at ? '  (revoked)' : ''}`).join('\n') : 'no keys yet: `tm telemetry keys create --scope read --name <n>`'));
      }),
    );
  keys
    .command('revoke <id>')
    .description('revoke a key')
    .option(...dbOpt)
    .action(
      action(async (id: string, o: { db?: string }, cmd: Command) => {
        const { revokeKey } = await import('../telemetry/keys.js');
        const { appendAudit } = await import('../telemetry/audit.js');
        const changed = await withStore(o.db, 'tm telemetry keys revoke', (s) =>
          s.db.transaction(async (tx) => {
            const c = await revokeKey(tx, id);
            await appendAudit(tx, { keyId: null, agent: null, source: 'cli', tool: 'keys revoke', args: { id }, outcome: c ? 'ok' : 'noop', result: { id, revoked: true } });
            return c;
          }),
        );
        emit(cmd, { id, revoked: true, changed }, () => (changed ? `revoked ${id}` : `${id} was already revoked`));
      }),
    );

  t.command('audit')
    .description('show the audit log, or --verify its hash chain (exit 1 when tampered)')
    .option('--verify', 'recompute the hash chain')
    .option('-n, --limit <n>', 'entries to show', '50')
    .option('--tool <name>', 'only this tool')
    .option(...dbOpt)
    .action(
      action(async (o: { verify?: boolean; limit: string; tool?: string; db?: string }, cmd: Command) => {
        const { listAudit, verifyAudit } = await import('../telemetry/audit.js');
        if (o.verify) {
          const v = await withStore(o.db, 'tm telemetry audit --verify', (s) => verifyAudit(s.db));
          emit(cmd, v, () => (v.ok ? `audit chain intact: ${v.entries} records, head ${v.head.slice(0, 16)}…` : `audit chain BROKEN at record ${v.broken!.seq}: ${v.broken!.reason} (${v.entries} records verified before it)`));
          return v.ok ? 0 : 1;
        }
        const page = await withStore(o.db, 'tm telemetry audit', (s) => listAudit(s.db, { limit: int('--limit', o.limit, 50), tool: o.tool }));
        emit(cmd, page.entries, () =>
          page.entries.length
            ? page.entries.map((e) => `${String(e.seq).padStart(5)} ${e.ts} ${e.outcome.padEnd(8)} ${e.tool.padEnd(20)} key=${e.key_id ?? '-'} agent=${e.agent ?? '-'} ${JSON.stringify(e.args)}`).join('\n')
            : 'the audit log is empty',
        );
      }),
    );
  void inputError;
}
