import type { Evidence } from '../../register/types.js';
import type { ServerStatus } from './pool.js';
import type { Role } from './adapter-types.js';

/** The five context layers `tm model org` gathers over MCP, each item with its evidence. */
export interface OrgContext {
  asOf: string;
  /** the alert/case window: 90 days before --as-of, until the day after it (exclusive) */
  window: { since: string; until: string };
  servers: ServerStatus[];
  /** role → server and adapter used, or why the role has none */
  roles: { role: Role; server?: string; adapter?: string; note?: string }[];
  /** layer 1: identities and assets (telemetry) */
  devices: { id: string; hostname: string; os: string; owner: string; criticality: string; ev: Evidence }[];
  anomalies: { id: string; type: string; severity: string; status: string; device: string; ev: Evidence }[];
  posture?: { data: unknown; ev: Evidence };
  /** layer 3: detections and log sources (SIEM) */
  detections: { id: string; title: string; techniques: string[]; log_source: string; active: boolean; ev: Evidence }[];
  logSources: { name: string; rules: number; ev: Evidence }[];
  /** layer 4: alerts and cases in the window */
  alerts: { id: string; rule_id: string; title: string; severity: string; status: string; created_at: string; entities: string[]; ev: Evidence }[];
  incidents: { key: string; summary: string; status: string; resolved: boolean; labels: string[]; created: string; resolved_at: string | null; description: string; ev: Evidence }[];
  /** layer 5: organisational documents */
  docs: { path: string; title: string; text: string; ev: Evidence }[];
  /** what went wrong, one line each (server down, tool failed) */
  warnings: string[];
}
