import type { Evidence } from '../../register/types.js';
import { byString } from '../../util/json.js';
import type { Adapter, OpName, Role } from './adapter-types.js';
import { ROLES } from './adapter-types.js';
import { adapterById, detectAdapter } from './adapters.js';
import { extractItems, fillArgs, pick } from './extract.js';
import type { McpPool } from './pool.js';
import type { OrgContext } from './context-types.js';

export interface RoleConfig {
  roles?: Partial<Record<Role, string>>;
  /** server name → adapter id, when auto-detection is not wanted */
  adapters?: Record<string, string>;
}

const DAY = 86_400_000;
export function alertWindow(asOf: string, days = 90): { since: string; until: string } {
  const end = Date.parse(asOf + 'T00:00:00Z') + DAY;
  return { since: new Date(end - (days + 1) * DAY).toISOString().slice(0, 10) + 'T00:00:00Z', until: new Date(end).toISOString().slice(0, 10) + 'T00:00:00Z' };
}

/** Which server and adapter play each role: tm.config.yaml `roles:` first, else detection by tool names. */
export function resolveRoles(pool: McpPool, cfg: RoleConfig): OrgContext['roles'] {
  const out: OrgContext['roles'] = [];
  const ready = pool.statuses().filter((s) => s.state === 'ready');
  for (const role of ROLES) {
    const named = cfg.roles?.[role];
    const candidates = named ? pool.statuses().filter((s) => s.name === named) : ready;
    if (named && !candidates.length) {
      out.push({ role, server: named, note: `server ${named} is not in the MCP config` });
      continue;
    }
    let found: { server: string; adapter: Adapter } | undefined;
    for (const s of candidates) {
      if (s.state !== 'ready') continue;
      const explicit = cfg.adapters?.[s.name];
      const a = explicit ? adapterById(explicit) : detectAdapter(s.tools, role);
      if (a && a.role === role) {
        found = { server: s.name, adapter: a };
        break;
      }
    }
    if (found) out.push({ role, server: found.server, adapter: found.adapter.id });
    else if (named) {
      const st = candidates[0];
      out.push({ role, server: named, note: st.state !== 'ready' ? `${named} is unavailable: ${st.error ?? st.state}` : `no adapter matches the tools of ${named}` });
    } else out.push({ role, note: 'no server plays this role' });
  }
  return out;
}

const TECH = /T\d{4}(?:\.\d{3})?/g;
const str = (v: unknown) => (v == null ? '' : String(v));
const arr = (v: unknown) => (Array.isArray(v) ? v.map(String) : v == null || v === '' ? [] : [String(v)]);

/**
 * Gather the context layers from the servers playing each role. A failing call is recorded as
 * a warning and the rest goes on. Items are sorted so the same servers give the same context.
 */
export async function gatherContext(pool: McpPool, cfg: RoleConfig, asOf: string, onProgress?: (msg: string) => void): Promise<OrgContext> {
  const window = alertWindow(asOf);
  const roles = resolveRoles(pool, cfg);
  const ctx: OrgContext = { asOf, window, servers: pool.statuses(), roles, devices: [], anomalies: [], detections: [], logSources: [], alerts: [], incidents: [], docs: [], warnings: [] };
  for (const s of ctx.servers) if (s.state === 'failed') ctx.warnings.push(`server ${s.name} skipped: ${s.error}`);
  const failed = new Set(ctx.servers.filter((s) => s.state === 'failed').map((s) => s.name));
  for (const r of roles) if (r.note && !(r.server && failed.has(r.server))) ctx.warnings.push(`${r.role}: ${r.note}`);

  const baseVars = { since: window.since, until: window.until, since_date: window.since.slice(0, 10), until_date: window.until.slice(0, 10) };

  for (const r of roles) {
    if (!r.server || !r.adapter) continue;
    const server = r.server;
    const adapter = adapterById(r.adapter)!;
    const vars: Record<string, string> = { ...baseVars };
    for (const [name, v] of Object.entries(adapter.vars ?? {})) {
      const res = await pool.call(server, v.tool, v.args ?? {});
      if (res.ok) vars[name] = str(pick(res.data, v.pick));
      else ctx.warnings.push(`${server}/${v.tool}: ${res.error}`);
    }
    const run = async (op: OpName, extra: Record<string, string> = {}) => {
      const spec = adapter.ops[op];
      if (!spec) return undefined;
      const args = fillArgs(spec.args, { ...vars, ...extra });
      onProgress?.(`${server}: ${spec.tool}`);
      const res = await pool.call(server, spec.tool, args);
      const ev = (note: string): Evidence => ({ server, tool: spec.tool, arguments: args, note });
      if (!res.ok) {
        ctx.warnings.push(`${server}/${spec.tool}: ${res.error}`);
        return undefined;
      }
      return { items: extractItems(res.data, spec.extract), data: res.data, ev };
    };

    if (r.role === 'siem') {
      const d = await run('detections');
      for (const x of d?.items ?? [])
        ctx.detections.push({
          id: str(x.id),
          title: str(x.title),
          techniques: [...new Set(arr(x.techniques).flatMap((t) => t.toUpperCase().match(TECH) ?? []))].sort(byString),
          log_source: arr(x.log_source).join(','),
          active: !/^(deprecated|disabled|false)$/i.test(str(x.status)),
          ev: d!.ev(`detection ${str(x.id)}`),
        });
      const a = await run('alerts');
      for (const x of a?.items ?? [])
        ctx.alerts.push({
          id: str(x.id),
          rule_id: str(x.rule_id),
          title: str(x.title),
          severity: str(x.severity).toLowerCase(),
          status: str(x.status).toLowerCase(),
          created_at: str(x.created_at),
          entities: arr(x.entities),
          ev: a!.ev(`alert ${str(x.id)}`),
        });
      const l = await run('log_sources');
      for (const x of l?.items ?? []) ctx.logSources.push({ name: str(x.name), rules: Number(x.rules ?? 0) || 0, ev: l!.ev(`log source ${str(x.name)}`) });
    } else if (r.role === 'ticketing') {
      const t = await run('incidents');
      for (const x of t?.items ?? [])
        ctx.incidents.push({
          key: str(x.key),
          summary: str(x.summary),
          status: str(x.status),
          resolved: x.resolved === true || (typeof x.resolved === 'string' && x.resolved !== '' && x.resolved !== 'false'),
          labels: arr(x.labels).sort(byString),
          created: str(x.created),
          resolved_at: x.resolved_at ? str(x.resolved_at) : null,
          description: str(x.description),
          ev: t!.ev(`ticket ${str(x.key)}`),
        });
    } else if (r.role === 'docs') {
      const list = await run('list_docs');
      const paths = (list?.items ?? []).map((x) => ({ path: str(x.path), title: str(x.title) })).filter((x) => x.path);
      // the filesystem server answers with absolute paths; ask again relative to its root so
      // evidence reads the same on every machine
      const root = commonDir(paths.map((p) => p.path));
      for (const p of paths.sort((x, y) => byString(x.path, y.path)).slice(0, 50)) {
        const relPath = root && p.path.startsWith(root) ? p.path.slice(root.length) : p.path;
        const r2 = await run('read_doc', { path: relPath, id: relPath });
        if (!r2) continue;
        const text = typeof r2.data === 'string' ? r2.data : str(r2.items[0]?.text ?? pick(r2.data, 'content|text'));
        const title = p.title || /^#\s+(.+)$/m.exec(text)?.[1]?.trim() || relPath;
        ctx.docs.push({ path: relPath, title, text, ev: r2.ev(`document ${relPath}`) });
      }
    } else if (r.role === 'telemetry') {
      const dv = await run('devices');
      for (const x of dv?.items ?? [])
        ctx.devices.push({ id: str(x.id), hostname: str(x.hostname), os: str(x.os), owner: str(x.owner), criticality: arr(x.criticality).join(','), ev: dv!.ev(`device ${str(x.id)}`) });
      const an = await run('anomalies');
      for (const x of an?.items ?? [])
        ctx.anomalies.push({ id: str(x.id), type: str(x.type), severity: str(x.severity).toLowerCase(), status: str(x.status).toLowerCase(), device: str(x.device), ev: an!.ev(`anomaly ${str(x.id)}`) });
      const po = await run('posture');
      if (po) ctx.posture = { data: po.data, ev: po.ev('posture summary') };
    }
  }
  ctx.detections.sort((a, b) => byString(a.id, b.id));
  ctx.alerts.sort((a, b) => byString(a.created_at + a.id, b.created_at + b.id));
  ctx.incidents.sort((a, b) => byString(a.created + a.key, b.created + b.key));
  ctx.logSources.sort((a, b) => byString(a.name, b.name));
  ctx.devices.sort((a, b) => byString(a.id, b.id));
  ctx.anomalies.sort((a, b) => byString(a.id, b.id));
  return ctx;
}

function commonDir(paths: string[]): string {
  const abs = paths.filter((p) => p.startsWith('/'));
  if (!abs.length || abs.length !== paths.length) return '';
  let prefix = abs[0].slice(0, abs[0].lastIndexOf('/') + 1);
  for (const p of abs) while (!p.startsWith(prefix)) prefix = prefix.slice(0, prefix.slice(0, -1).lastIndexOf('/') + 1);
  return prefix;
}
