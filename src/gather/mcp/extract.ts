import type { Extract } from './adapter-types.js';

/** Value at a dotted path (`fields.status.name`, `0.id`); alternatives separated by `|`. */
export function pick(data: unknown, path: string): unknown {
  for (const alt of path.split('|')) {
    const v = alt === '' ? data : walk(data, alt);
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

function walk(data: unknown, path: string): unknown {
  let cur: unknown = data;
  for (const part of path.split('.')) {
    if (cur == null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function strings(v: unknown, out: string[] = []): string[] {
  if (v == null) return out;
  if (typeof v === 'string' || typeof v === 'number') out.push(String(v));
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.name === 'string') out.push(o.name);
    else Object.values(o).forEach((x) => strings(x, out));
  }
  return out;
}

/** Items out of a tool result, as plain records with our field names. */
export function extractItems(data: unknown, ex: Extract | undefined): Record<string, unknown>[] {
  if (!ex) return [{ value: data }];
  let items: unknown[];
  if (ex.lines) {
    const re = new RegExp(ex.lines);
    const text = typeof data === 'string' ? data : String(pick(data, 'content|text') ?? '');
    items = text
      .split('\n')
      .map((l) => re.exec(l.trim()))
      .filter((m): m is RegExpExecArray => Boolean(m))
      .map((m) => ({ path: m[1] }));
    if (!ex.fields) return items as Record<string, unknown>[];
  } else if (ex.list !== undefined) {
    const v = pick(data, ex.list);
    items = Array.isArray(v) ? v : [];
  } else items = [data];
  if (!ex.fields) return items.map((x) => (x && typeof x === 'object' ? (x as Record<string, unknown>) : { value: x }));
  return items.map((it) => {
    const o: Record<string, unknown> = {};
    for (const [field, path] of Object.entries(ex.fields!)) {
      if (path.endsWith('[]')) {
        const alts = path.slice(0, -2);
        o[field] = strings(pick(it, alts));
      } else {
        const v = pick(it, path);
        o[field] = v && typeof v === 'object' && !Array.isArray(v) ? strings(v).join(' ') : v;
      }
    }
    return o;
  });
}

/** Fill `{{name}}` placeholders in argument values (strings only, recursively). */
export function fillArgs(args: Record<string, unknown> | undefined, vars: Record<string, string>): Record<string, unknown> {
  const fill = (v: unknown): unknown =>
    typeof v === 'string' ? v.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? '') : Array.isArray(v) ? v.map(fill) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)])) : v;
  return (fill(args ?? {}) as Record<string, unknown>) ?? {};
}
