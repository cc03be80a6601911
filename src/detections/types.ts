/**
 * Contracts shared by `tm model app` and `tm coverage`:
 *  - `TelemetryProfile`: which log sources (and so which ATT&CK data components) a team or an
 *    app has. `tm model app` writes one for the app it models; a team writes one by hand; both
 *    `tm model app --telemetry <file>` and `tm coverage --telemetry <file>` read it
 *    (`schemas/telemetry.schema.json`).
 *  - `DraftSpec`: a Sigma rule draft before it is rendered. `tm model app --drafts` builds specs
 *    from the app's own log sources; `tm coverage --drafts` from its ranked gaps. One renderer
 *    (`./sigma-draft.ts`) writes both, and tm's own Sigma parser must read what it writes.
 */
import type { LogSource } from '../rules/types.js';

/** One log source a team collects or an app emits. */
export interface TelemetrySource {
  /** stable, content-derived: `log-app-access`, `k8s-audit`, `gcp-cloud-audit` */
  id: string;
  name: string;
  /** ATT&CK data components it carries, by ID (`DC0061`) or name (`File Modification`) */
  data_components: string[];
  /** how detection rules name it (Sigma logsource); used to match rules to this source */
  logsource?: LogSource[];
  /** present: collected/emitted today; planned: the team intends to (counts as not visible) */
  status?: 'present' | 'planned';
  /** what in the input shows it exists (`path:line`, or free text for a hand-written file) */
  evidence?: string[];
}

/** `telemetry.yaml`: what a team or an app can see. */
export interface TelemetryProfile {
  tm_telemetry: 1;
  /** who wrote it: `tm model app <repo>`, or free text */
  source?: string;
  log_sources: TelemetrySource[];
}

/** A Sigma draft before rendering; every field ends up in the rule (status is always experimental). */
export interface DraftSpec {
  /** file stem and rule title seed: `t1110-001-login-failures-app-access` */
  slug: string;
  title: string;
  description: string;
  /** the technique the draft targets (and its tactics, as Sigma tags `attack.<tactic>`) */
  technique: { id: string; name: string; tactics: string[] };
  logsource: LogSource;
  /** Sigma detection: named selections (field → value or list, with Sigma modifiers) and `condition` */
  detection: Record<string, unknown> & { condition: string };
  level: 'informational' | 'low' | 'medium' | 'high' | 'critical';
  falsepositives: string[];
  /** fields worth showing in the alert */
  fields?: string[];
  /** where the source does not carry the needed event yet: the log line the app must emit first */
  prerequisite?: string;
  /** evidence the draft rests on (`path:line`, a gap's rank reason) */
  references?: string[];
}
