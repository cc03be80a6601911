import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import jsYaml from 'js-yaml';
import type { Problem } from '../../util/errors.js';
import { byString } from '../../util/json.js';

/** A detection as the SIEM server lists it (snake_case: it is what the tool returns). */
export interface SiemDetection {
  id: string;
  title: string;
  file: string;
  line?: number;
  format: string;
  techniques: string[];
  tactics: string[];
  log_source: string;
  status: string;
  level?: string;
}

/** One alert: a JSON line `{id, rule_id, title, severity, status, created_at, entities}`. */
export interface SiemAlert {
  id: string;
  rule_id: string;
  title: string;
  severity: string;
  status: string;
  created_at: string;
  entities: string[];
}

export interface SiemLogSource {
  name: string;
  rules: number;
  ingested: boolean;
  description?: string;
}

export interface SiemStore {
  detections: SiemDetection[];
  alerts: SiemAlert[];
  logSources: SiemLogSource[];
  problems: Problem[];
}

const rel = (f: string) => (isAbsolute(f) ? relative(process.cwd(), f) || f : f);

/**
 * Read rules, alerts and the list of ingested log sources. Rules go through tm's rule parsers
 * (src/rules) when they are present; otherwise a small Sigma reader keeps the server usable.
 * Bad files are listed as problems and the rest is served.
 */
export async function loadSiemStore(opts: { rules: string[]; alerts?: string; logSources?: string }): Promise<SiemStore> {
  const problems: Problem[] = [];
  const detections = await readDetections(opts.rules, problems);
  const alerts = opts.alerts ? readAlerts(opts.alerts, problems) : [];
  const ingested = opts.logSources ? readLogSources(opts.logSources, problems) : [];
  const counts = new Map<string, number>();
  for (const d of detections) if (d.log_source) counts.set(d.log_source, (counts.get(d.log_source) ?? 0) + 1);
  const names = new Set([...counts.keys(), ...ingested.map((s) => s.name)]);
  const logSources = [...names].sort(byString).map((name) => {
    const ing = ingested.find((s) => s.name === name);
    return { name, rules: counts.get(name) ?? 0, ingested: Boolean(ing), ...(ing?.description ? { description: ing.description } : {}) };
  });
  return { detections, alerts, logSources, problems };
}

interface RulesModule {
  parseRulePaths(paths: string[]): Promise<{ detections: RuleDetection[]; problems: Problem[] }> | { detections: RuleDetection[]; problems: Problem[] };
}
interface RuleDetection {
  id: string;
  title: string;
  file: string;
  line?: number;
  format: string;
  techniques?: string[];
  tactics?: string[];
  logSource?: unknown;
  status?: string;
  level?: string;
  severity?: string;
  enabled?: boolean;
  deprecated?: boolean;
}

async function readDetections(paths: string[], problems: Problem[]): Promise<SiemDetection[]> {
  let mod: RulesModule | undefined;
  try {
    mod = (await import('../../rules/index.js' as string)) as RulesModule;
    if (typeof mod.parseRulePaths !== 'function') mod = undefined;
  } catch {
    mod = undefined;
  }
  let out: SiemDetection[];
  if (mod) {
    const r = await mod.parseRulePaths(paths);
    problems.push(...r.problems);
    out = r.detections.map((d) => ({
      id: String(d.id),
      title: String(d.title ?? d.id),
      file: d.file,
      ...(d.line ? { line: d.line } : {}),
      format: d.format,
      techniques: [...(d.techniques ?? [])].sort(byString),
      tactics: [...(d.tactics ?? [])].sort(byString),
      log_source: logSourceName(d.logSource),
      status: d.deprecated ? 'deprecated' : d.enabled === false ? 'disabled' : (d.status ?? 'stable'),
      ...(d.level || d.severity ? { level: String(d.level ?? d.severity) } : {}),
    }));
  } else {
    out = [];
    for (const p of paths) for (const f of walk(p, problems)) readSigma(f, out, problems);
  }
  return out.sort((a, b) => byString(a.id, b.id));
}

/** `{product, service, category}` or a string → `product:service:category` without blanks. */
export function logSourceName(ls: unknown): string {
  if (!ls) return '';
  if (typeof ls === 'string') return ls;
  if (Array.isArray(ls)) return ls.map(logSourceName).filter(Boolean).join(',');
  const o = ls as Record<string, unknown>;
  if (typeof o.name === 'string' && !o.product && !o.service && !o.category) return o.name;
  return [o.product, o.service, o.category].filter((x) => typeof x === 'string' && x).join(':');
}

function walk(p: string, problems: Problem[]): string[] {
  try {
    const st = statSync(p);
    if (st.isFile()) return [p];
    return readdirSync(p)
      .sort(byString)
      .flatMap((n) => (n.startsWith('.') ? [] : walk(join(p, n), problems)))
      .filter((f) => /\.ya?ml$/i.test(f));
  } catch (e) {
    problems.push({ file: p, error: (e as Error).message });
    return [];
  }
}

function readSigma(file: string, out: SiemDetection[], problems: Problem[]): void {
  try {
    const doc = jsYaml.load(readFileSync(file, 'utf8')) as Record<string, unknown> | undefined;
    if (!doc || typeof doc !== 'object' || !doc.title) {
      problems.push({ file: rel(file), error: 'not a Sigma rule (no title)' });
      return;
    }
    const tags = Array.isArray(doc.tags) ? doc.tags.map(String) : [];
    const techniques = tags.filter((t) => /^attack\.t\d{4}(\.\d{3})?$/i.test(t)).map((t) => t.slice(7).toUpperCase());
    const tactics = tags.filter((t) => /^attack\.[a-z_-]+$/i.test(t) && !/^attack\.[gst]\d{4}/i.test(t)).map((t) => t.slice(7).replace(/_/g, '-'));
    out.push({
      id: String(doc.id ?? rel(file)),
      title: String(doc.title),
      file: rel(file),
      format: 'sigma',
      techniques: [...new Set(techniques)].sort(byString),
      tactics: [...new Set(tactics)].sort(byString),
      log_source: logSourceName(doc.logsource),
      status: String(doc.status ?? 'stable'),
      ...(doc.level ? { level: String(doc.level) } : {}),
    });
  } catch (e) {
    const m = (e as { mark?: { line: number } }).mark;
    problems.push({ file: rel(file), ...(m ? { line: m.line + 1 } : {}), error: (e as Error).message.split('\n')[0] });
  }
}

function readAlerts(file: string, problems: Problem[]): SiemAlert[] {
  const out: SiemAlert[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const a = JSON.parse(line) as Record<string, unknown>;
      if (!a.id || !a.created_at) throw new Error('an alert needs id and created_at');
      const ents = a.entities;
      out.push({
        id: String(a.id),
        rule_id: String(a.rule_id ?? ''),
        title: String(a.title ?? ''),
        severity: String(a.severity ?? 'medium').toLowerCase(),
        status: String(a.status ?? 'open').toLowerCase(),
        created_at: String(a.created_at),
        entities: Array.isArray(ents) ? ents.map(String) : ents && typeof ents === 'object' ? Object.entries(ents).map(([k, v]) => `${k}:${String(v)}`) : [],
      });
    } catch (e) {
      problems.push({ file: rel(file), line: i + 1, error: (e as Error).message });
    }
  });
  return out.sort((a, b) => byString(a.created_at + a.id, b.created_at + b.id));
}

function readLogSources(file: string, problems: Problem[]): { name: string; description?: string }[] {
  try {
    const doc = jsYaml.load(readFileSync(file, 'utf8')) as unknown;
    const list = Array.isArray(doc) ? doc : ((doc as { log_sources?: unknown[] })?.log_sources ?? []);
    return list.map((x) => (typeof x === 'string' ? { name: x } : { name: String((x as { name: string }).name), description: (x as { description?: string }).description }));
  } catch (e) {
    problems.push({ file: rel(file), error: (e as Error).message.split('\n')[0] });
    return [];
  }
}
