import type { OrgContext } from '../../gather/mcp/context-types.js';
import type { Answers } from './org-types.js';
import { byString } from '../../util/json.js';

/** Bullet items under the first markdown heading matching `heading`. */
function bulletsUnder(text: string, heading: RegExp): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  let inside = false;
  for (const l of lines) {
    if (/^#{1,6}\s/.test(l)) {
      // a matching sub-heading keeps us inside; any other heading ends the section
      if (inside && !heading.test(l)) break;
      inside = heading.test(l);
      continue;
    }
    const m = inside ? /^\s*[-*]\s+(?:\*\*)?([^:*\n]+?)(?:\*\*)?(?:\s*[:—–-]\s.*)?$/.exec(l) : null;
    if (m) out.push(m[1].trim());
  }
  return out;
}

/**
 * Interview defaults proposed from what discovery found: the previous answers first, then the
 * organisation's documents (crown jewels, critical systems, compliance headings, `Industry:`
 * lines), the ticket history (known incidents) and recurring alerts (worries).
 */
export function proposeDefaults(ctx: OrgContext, previous: Answers = {}): Answers {
  const docs = ctx.docs;
  const fromDocs = (re: RegExp) => [...new Set(docs.flatMap((d) => bulletsUnder(d.text, re)))].sort(byString);
  const field = (re: RegExp) => docs.map((d) => re.exec(d.text)?.[1]?.trim()).find(Boolean);
  const incidents = ctx.incidents.filter((t) => t.labels.some((l) => /incident/i.test(l))).map((t) => t.summary);
  const alertCounts = new Map<string, number>();
  for (const a of ctx.alerts) alertCounts.set(a.title, (alertCounts.get(a.title) ?? 0) + 1);
  const worries = [...alertCounts].filter(([, n]) => n >= 3).sort((a, b) => b[1] - a[1] || byString(a[0], b[0])).map(([t]) => t);
  const pick = <T>(prev: T | undefined, found: T | undefined): T | undefined => (prev !== undefined && !(Array.isArray(prev) && !prev.length) ? prev : found);
  const list = (xs: string[]) => (xs.length ? xs : undefined);
  return strip({
    company: pick(previous.company, field(/^(?:company|organi[sz]ation):\s*(.+)$/im) ?? /^#\s+(.+?)(?:\s+[—–-]\s.*)?$/m.exec(docs[0]?.text ?? '')?.[1]),
    industry: pick(previous.industry, field(/^industry:\s*(.+)$/im)),
    geography: pick(previous.geography, field(/^(?:geography|regions?):\s*(.+)$/im)?.split(/,\s*/)),
    interviewee_title: previous.interviewee_title,
    crown_jewels: pick(previous.crown_jewels, list(fromDocs(/crown jewel|restricted data/i))),
    critical_systems: pick(previous.critical_systems, list(fromDocs(/critical system|business[- ]critical/i))),
    compliance: pick(previous.compliance, list(fromDocs(/compliance|regulat/i))),
    known_incidents: pick(previous.known_incidents, list(incidents.slice(0, 5))),
    worries: pick(previous.worries, list(worries.slice(0, 5))),
  });
}

function strip(a: Answers): Answers {
  return Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as Answers;
}
