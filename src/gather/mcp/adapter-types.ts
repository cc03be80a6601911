/** The four roles a server can play for `tm model org` (tm.config.yaml `roles:`). */
export type Role = 'telemetry' | 'siem' | 'ticketing' | 'docs';
export const ROLES: Role[] = ['docs', 'siem', 'telemetry', 'ticketing'];

/**
 * How to read items out of a tool result, as data:
 * - `list`: dotted path to the array of items (`issues`, `data.alerts`); alternatives with `|`;
 *   empty means the result itself is the array
 * - `lines`: for text results, a regex whose first group is one item per matching line
 * - `fields`: our field → dotted path in an item, alternatives with `|` (first non-empty wins).
 *   A path ending in `[]` collects every string beneath it (for labels and ATT&CK tags).
 */
export interface Extract {
  list?: string;
  lines?: string;
  fields?: Record<string, string>;
}

/**
 * One call: a tool and its arguments. Argument strings may hold placeholders filled at run
 * time: `{{since}}`, `{{until}}` (ISO dates of the 90-day window), `{{since_date}}`,
 * `{{until_date}}` (YYYY-MM-DD), `{{path}}`, `{{id}}` (the item being read), and any `vars`.
 */
export interface Operation {
  tool: string;
  args?: Record<string, unknown>;
  extract?: Extract;
}

/** The operations tm asks of each role. Any may be missing; discovery uses what is there. */
export type OpName =
  | 'detections' // siem: {id, title, techniques[], log_source, status}
  | 'alerts' // siem: {id, rule_id, title, severity, status, created_at, entities[]}
  | 'log_sources' // siem: {name, rules}
  | 'incidents' // ticketing: {key, summary, status, resolved, labels[], created, resolved_at, description}
  | 'list_docs' // docs: {path, title}
  | 'read_doc' // docs: text of one document (placeholder {{path}} / {{id}})
  | 'devices' // telemetry: {id, hostname, os, owner, criticality}
  | 'anomalies' // telemetry: {id, type, severity, status, device}
  | 'posture' // telemetry: free-form summary
  | 'policies'; // telemetry: {id, name}

/** A mapping from a role to one server's tool names. Add one to ADAPTERS to support a server. */
export interface Adapter {
  id: string;
  role: Role;
  description: string;
  /** where the tool names and argument shapes were taken from */
  source: string;
  /** tool names a server must offer for this adapter to be picked automatically */
  detect: string[];
  /** values looked up once before the operations run, e.g. Atlassian's cloudId */
  vars?: Record<string, { tool: string; args?: Record<string, unknown>; pick: string }>;
  ops: Partial<Record<OpName, Operation>>;
}
