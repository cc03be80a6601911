import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Problem } from '../../util/errors.js';
import { byString } from '../../util/json.js';
import { parseCsv } from './csv.js';

/** One ticket, whatever tracker it came from (snake_case: it is what the tools return). */
export interface Ticket {
  key: string;
  summary: string;
  status: string;
  /** open unless the tracker says done/resolved/closed/canceled or a resolution date exists */
  resolved: boolean;
  priority: string;
  labels: string[];
  type: string;
  created: string;
  resolved_at: string | null;
  description: string;
}

export interface TicketStore {
  source: 'jira-json' | 'jira-csv' | 'linear-csv';
  tickets: Ticket[];
  problems: Problem[];
}

const DONE = /^(done|resolved|closed|complete|completed|canceled|cancelled|won't do|duplicate)$/i;

/**
 * Read a ticket export: Jira search-API JSON (`{issues:[{key, fields:{…}}]}`), a Jira CSV export
 * (`Issue key`, `Summary`, …) or a Linear CSV export (`ID`, `Title`, …), told apart by content.
 */
export function loadTicketStore(file: string): TicketStore {
  const text = readFileSync(file, 'utf8');
  const name = basename(file);
  const problems: Problem[] = [];
  if (/^\s*[{[]/.test(text)) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      return { source: 'jira-json', tickets: [], problems: [{ file: name, error: `not valid JSON: ${(e as Error).message}` }] };
    }
    const issues = Array.isArray(doc) ? doc : (doc as { issues?: unknown[] }).issues;
    if (!Array.isArray(issues)) return { source: 'jira-json', tickets: [], problems: [{ file: name, error: 'expected a Jira search result: {"issues": [...]}' }] };
    const tickets: Ticket[] = [];
    issues.forEach((raw, i) => {
      const it = raw as { key?: string; fields?: Record<string, unknown> };
      if (!it?.key || !it.fields) {
        problems.push({ file: name, error: `issues[${i}]: needs key and fields` });
        return;
      }
      const f = it.fields;
      const status = nameOf(f.status);
      const resolvedAt = typeof f.resolutiondate === 'string' ? f.resolutiondate : null;
      tickets.push({
        key: it.key,
        summary: String(f.summary ?? ''),
        status,
        resolved: Boolean(resolvedAt) || DONE.test(status),
        priority: nameOf(f.priority),
        labels: Array.isArray(f.labels) ? f.labels.map(String).sort(byString) : [],
        type: nameOf(f.issuetype),
        created: String(f.created ?? ''),
        resolved_at: resolvedAt,
        description: flattenText(f.description),
      });
    });
    return { source: 'jira-json', tickets: sortTickets(tickets), problems };
  }
  const rows = parseCsv(text);
  const header = rows.shift() ?? [];
  const col = (...names: string[]) => header.findIndex((h) => names.some((n) => h.trim().toLowerCase() === n.toLowerCase()));
  const isJira = col('Issue key') >= 0;
  const c = {
    key: isJira ? col('Issue key') : col('ID', 'Identifier'),
    summary: col('Summary', 'Title'),
    status: col('Status'),
    priority: col('Priority'),
    labels: header.map((h, i) => (/^labels?$/i.test(h.trim()) ? i : -1)).filter((i) => i >= 0),
    type: col('Issue Type', 'Type'),
    created: col('Created'),
    resolved: col('Resolved', 'Completed', 'Resolution date'),
    description: col('Description'),
  };
  if (c.key < 0 || c.summary < 0) return { source: isJira ? 'jira-csv' : 'linear-csv', tickets: [], problems: [{ file: name, line: 1, error: 'CSV export needs an `Issue key`/`ID` and a `Summary`/`Title` column' }] };
  const tickets: Ticket[] = [];
  rows.forEach((r, i) => {
    if (r.every((x) => !x.trim())) return;
    const get = (k: number) => (k >= 0 ? (r[k] ?? '').trim() : '');
    if (!get(c.key)) {
      problems.push({ file: name, line: i + 2, error: 'row without a key' });
      return;
    }
    const status = get(c.status);
    const resolvedAt = get(c.resolved) || null;
    tickets.push({
      key: get(c.key),
      summary: get(c.summary),
      status,
      resolved: Boolean(resolvedAt) || DONE.test(status),
      priority: get(c.priority),
      labels: c.labels.flatMap((k) => get(k).split(/[,;]/)).map((s) => s.trim()).filter(Boolean).sort(byString),
      type: get(c.type),
      created: get(c.created),
      resolved_at: resolvedAt,
      description: get(c.description),
    });
  });
  return { source: isJira ? 'jira-csv' : 'linear-csv', tickets: sortTickets(tickets), problems };
}

const sortTickets = (ts: Ticket[]) => ts.sort((a, b) => byString(a.created + a.key, b.created + b.key));

function nameOf(v: unknown): string {
  if (!v) return '';
  if (typeof v === 'string') return v;
  return String((v as { name?: string }).name ?? '');
}

/** Jira Cloud v3 descriptions are Atlassian Document Format trees; keep their text. */
function flattenText(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'string') return v;
  const parts: string[] = [];
  const visit = (n: unknown) => {
    if (!n || typeof n !== 'object') return;
    const o = n as { text?: string; content?: unknown[]; type?: string };
    if (typeof o.text === 'string') parts.push(o.text);
    if (Array.isArray(o.content)) {
      o.content.forEach(visit);
      if (o.type === 'paragraph') parts.push('\n');
    }
  };
  visit(v);
  return parts.join('').trim();
}
