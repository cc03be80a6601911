import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import YAML from 'yaml';
import type { AttackKB } from '../attack/kb.js';
import { isCovered } from '../engines/offline/org-analysis.js';
import { diffRegisters } from '../register/diff.js';
import type { Register, Threat } from '../register/types.js';
import { renderTemplate } from '../render/handlebars.js';
import { inputError } from '../util/errors.js';
import { byString } from '../util/json.js';
import { evidenceText, overallRisk } from './org-view.js';
import { readRegister } from './org.js';

export interface QuarterlyOptions {
  register: string;
  apps: string[];
  coverage?: string;
  previous?: string;
  asOf: string;
  kb: AttackKB;
}

interface AppSummary {
  file: string;
  name: string;
  threats: number;
  techniques: string[];
}

const quarterOf = (d: string) => `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
const TECH = /\bT\d{4}(?:\.\d{3})?\b/g;

function readData(file: string): unknown {
  if (!existsSync(file)) throw inputError(`no such file: ${file}`);
  const text = readFileSync(file, 'utf8');
  try {
    return file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
  } catch (e) {
    throw inputError(`cannot parse: ${(e as Error).message.split('\n')[0]}`, { where: file });
  }
}

/** An app threat model, read loosely: its name, how many threats, which techniques it names. */
function readApp(file: string): AppSummary {
  const d = readData(file) as Record<string, unknown>;
  const threats = (d.threats ?? d.threat_scenarios ?? []) as unknown[];
  const meta = d.metadata as { repository?: string } | undefined;
  const name = String((d.name ?? d.title ?? meta?.repository ?? (d.application as { name?: string } | undefined)?.name ?? basename(file)) as string);
  const techniques = [...new Set(JSON.stringify(threats).match(TECH) ?? [])].sort(byString);
  return { file, name, threats: Array.isArray(threats) ? threats.length : 0, techniques };
}

/** Covered technique IDs from a `tm coverage --format json` file (read loosely). */
function readCoverage(file: string): Set<string> {
  const d = readData(file) as Record<string, unknown>;
  const out = new Set<string>();
  const rep = (d.report as Record<string, unknown> | undefined) ?? d;
  for (const list of [rep.techniques, rep.otherCovered]) if (Array.isArray(list)) for (const r of list as { id?: string; covered?: boolean }[]) if (r?.covered && r.id) out.add(r.id);
  const cov = (d.summary as { covered?: string[] } | undefined)?.covered ?? (d.covered as string[] | undefined);
  if (Array.isArray(cov)) for (const c of cov) out.add(String(c));
  return out;
}

function previousRegister(p: string): { reg?: Register; coverage?: Set<string> } {
  const dir = existsSync(p) && statSync(p).isDirectory();
  const regFile = dir ? join(p, 'threat-register.yaml') : p;
  const covFile = dir ? join(p, 'coverage.json') : undefined;
  return { reg: readRegister(regFile), coverage: covFile && existsSync(covFile) ? readCoverage(covFile) : undefined };
}

/**
 * The quarterly review: register, app models and coverage, compared with the previous
 * quarter's files. Pure apart from reading its inputs; same inputs and --as-of, same bytes.
 */
export function quarterlyReport(o: QuarterlyOptions): { markdown: string; warnings: string[] } {
  const reg = readRegister(o.register);
  const apps = o.apps.map(readApp);
  const covered = o.coverage ? readCoverage(o.coverage) : undefined;
  const prev = o.previous ? previousRegister(o.previous) : {};
  const diff = prev.reg ? diffRegisters(prev.reg, reg) : undefined;
  const byId = new Map(reg.threats.map((t) => [t.id, t]));
  const open = reg.threats.filter((t) => t.status !== 'resolved').sort((a, b) => b.risk - a.risk || byString(a.id, b.id));

  const invalid: { id: string; where: string; status: string; replacement: string }[] = [];
  const check = (id: string, where: string) => {
    const r = o.kb.resolve(id);
    if (r.status !== 'active') invalid.push({ id, where, status: r.status, replacement: r.status === 'revoked' ? (r.replacedBy ?? '—') : '—' });
  };
  for (const t of open) for (const x of [...t.techniques, ...t.actors]) check(x, t.id);
  for (const a of apps) for (const x of a.techniques) check(x, a.file);

  const wanted = [...new Set([...open.flatMap((t) => t.techniques), ...apps.flatMap((a) => a.techniques)])].filter((t) => o.kb.resolve(t).status === 'active').sort(byString);
  const gaps = covered
    ? wanted
        .filter((t) => !isCovered(t, covered))
        .map((t) => ({
          technique: t,
          name: o.kb.get(t)?.name ?? t,
          threats: open.filter((x) => x.techniques.includes(t)).map((x) => x.id).join(', ') || '—',
          apps: apps.filter((a) => a.techniques.includes(t)).map((a) => a.name).join(', ') || '—',
          was_covered: prev.coverage ? isCovered(t, prev.coverage) : false,
        }))
    : [];
  const row = (t: Threat) => ({
    id: t.id,
    title: t.title,
    risk: t.risk,
    risk_level: t.risk_level,
    likelihood: t.likelihood,
    impact: t.impact,
    mitigation_status: t.mitigation_status,
    status: t.status,
    techniques: t.techniques.join(', ') || '—',
    evidence: t.evidence[0] ? evidenceText(t.evidence[0]) : `${o.register}`,
  });
  const recs = (pred: (t: Threat) => boolean) => open.filter(pred).map((t) => ({ id: t.id, title: t.title, risk: t.risk, mitigation_status: t.mitigation_status }));
  const view = {
    organisation: reg.organisation,
    quarter: quarterOf(o.asOf),
    as_of: o.asOf,
    register_file: o.register,
    overall_risk: overallRisk(reg),
    previous_overall_risk: prev.reg ? overallRisk(prev.reg) : 'n/a',
    counts: {
      open: open.length,
      resolved: reg.threats.length - open.length,
      critical: open.filter((t) => t.risk_level === 'critical').length,
      high: open.filter((t) => t.risk_level === 'high').length,
    },
    diff: diff
      ? {
          has: true,
          previous: o.previous,
          new: diff.new.map((id) => ({ id, title: byId.get(id)?.title ?? id })),
          updated: diff.updated.map((u) => ({ id: u.id, title: byId.get(u.id)?.title ?? u.id, fields: u.fields.join(', ') })),
          resolved: diff.resolved.map((id) => ({ id, title: byId.get(id)?.title ?? prev.reg?.threats.find((t) => t.id === id)?.title ?? id })),
          unchanged: diff.unchanged.length,
        }
      : { has: false },
    top: open.slice(0, 5).map(row),
    threats: reg.threats.map(row),
    apps: apps.map((a) => ({ ...a, techniques: a.techniques.join(', ') || '—' })),
    coverage: covered
      ? { has: true, file: o.coverage, wanted: wanted.length, covered: wanted.filter((t) => isCovered(t, covered)).length, previous: prev.coverage ? wanted.filter((t) => isCovered(t, prev.coverage!)).length : 'n/a' }
      : { has: false },
    gaps,
    invalid,
    attack_version: o.kb.version,
    recommendations: {
      immediate: recs((t) => t.risk_level === 'critical' && t.mitigation_status !== 'mitigated'),
      short_term: recs((t) => t.risk_level === 'high' && t.mitigation_status !== 'mitigated'),
      long_term: recs((t) => (t.risk_level === 'medium' || t.risk_level === 'low') && t.mitigation_status !== 'mitigated'),
    },
  };
  const warnings = invalid.map((i) => `${i.where}: ${i.id} is ${i.status} in ATT&CK ${o.kb.version}`);
  return { markdown: renderTemplate('quarterly-report.md.hbs', view), warnings };
}
