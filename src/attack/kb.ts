import type { AttackObject, CompactIndex, Resolution, TechniqueDetail, TechniqueRef } from './types.js';
import { byString } from '../util/json.js';

const ID_RE = /^(T\d{4}(\.\d{3})?|TA\d{4}|G\d{4}|S\d{4}|M\d{4}|C\d{4}|DET\d{4}|AN\d{4}|DC\d{4}|DS\d{4})$/;

/** Normalise how people and rules write IDs: `t1059.001`, ` T1059/001 ` → `T1059.001`. */
export function normalizeId(raw: string): string {
  return raw.trim().toUpperCase().replace(/^(T\d{4})\/(\d{3})$/, '$1.$2');
}

export function looksLikeAttackId(raw: string): boolean {
  return ID_RE.test(normalizeId(raw));
}

/**
 * Read-only queries over one loaded ATT&CK release. Pure: no I/O.
 * "Active" means neither revoked nor deprecated.
 */
export class AttackKB {
  readonly index: CompactIndex;
  private byShortname = new Map<string, AttackObject>();

  constructor(index: CompactIndex) {
    this.index = index;
    for (const id of index.tacticOrder) {
      const t = index.objects[id];
      if (t?.shortname) this.byShortname.set(t.shortname, t);
    }
  }

  get version(): string {
    return this.index.version;
  }

  /** The object with this ATT&CK ID (any state), or undefined. */
  get(id: string): AttackObject | undefined {
    return this.index.objects[normalizeId(id)];
  }

  isActive(o: AttackObject | undefined): boolean {
    return !!o && !o.revoked && !o.deprecated;
  }

  /**
   * What an ID means here: active, deprecated (kept, flagged), revoked (followed through
   * `revoked-by` to the current replacement) or unknown (with the nearest IDs/names).
   */
  resolve(raw: string): Resolution {
    const id = normalizeId(raw);
    const object = this.index.objects[id];
    if (!object) return { status: 'unknown', id, suggestions: this.suggest(id) };
    if (object.revoked) {
      const chain: string[] = [];
      let cur: AttackObject | undefined = object;
      while (cur?.revoked && cur.revokedBy && !chain.includes(cur.revokedBy)) {
        chain.push(cur.revokedBy);
        cur = this.index.objects[cur.revokedBy];
      }
      const replacedBy = cur && !cur.revoked ? cur.id : undefined;
      return { status: 'revoked', id, replacedBy, chain, object };
    }
    if (object.deprecated) return { status: 'deprecated', id, object };
    return { status: 'active', id, object };
  }

  /** Tactics in matrix order. */
  tactics(): AttackObject[] {
    return this.index.tacticOrder.map((id) => this.index.objects[id]).filter(Boolean);
  }

  tacticByShortname(name: string): AttackObject | undefined {
    return this.byShortname.get(name.toLowerCase().replace(/[\s_]+/g, '-'));
  }

  /** Find a tactic by ID (TA0002), shortname (`execution`) or name (`Command and Control`). */
  findTactic(raw: string): AttackObject | undefined {
    const id = normalizeId(raw);
    if (this.index.objects[id]?.type === 'tactic') return this.index.objects[id];
    const short = this.tacticByShortname(raw);
    if (short) return short;
    const lower = raw.trim().toLowerCase();
    return this.tactics().find((t) => t.name.toLowerCase() === lower);
  }

  /** Active techniques and sub-techniques, sorted by ID; optionally only those on some platform. */
  techniques(opts: { subtechniques?: boolean; platforms?: string[] } = {}): AttackObject[] {
    const wantSubs = opts.subtechniques !== false;
    const plats = opts.platforms?.map((p) => p.toLowerCase());
    const res: AttackObject[] = [];
    for (const o of Object.values(this.index.objects)) {
      if (o.type !== 'technique' && !(wantSubs && o.type === 'subtechnique')) continue;
      if (!this.isActive(o)) continue;
      if (plats && !(o.platforms ?? []).some((p) => plats.includes(p.toLowerCase()))) continue;
      res.push(o);
    }
    return res.sort((a, b) => byString(a.id, b.id));
  }

  /** Every platform name the release uses, sorted. */
  platforms(): string[] {
    const s = new Set<string>();
    for (const o of Object.values(this.index.objects)) for (const p of o.type === 'technique' || o.type === 'subtechnique' ? o.platforms ?? [] : []) s.add(p);
    return [...s].sort(byString);
  }

  techniqueRef(id: string): TechniqueRef | undefined {
    const o = this.get(id);
    if (!o || (o.type !== 'technique' && o.type !== 'subtechnique')) return undefined;
    return { id: o.id, name: o.name, tactics: o.tactics ?? [], platforms: o.platforms ?? [], parent: o.parent };
  }

  /** Active sub-techniques of a technique. */
  subtechniquesOf(id: string): string[] {
    return (this.get(id)?.subtechniques ?? []).filter((s) => this.isActive(this.get(s)));
  }

  detectionStrategiesFor(techniqueId: string): AttackObject[] {
    return (this.index.detectedBy[normalizeId(techniqueId)] ?? []).map((d) => this.index.objects[d]).filter(Boolean);
  }

  /** Data components (log sources) that can see a technique, via detection strategies → analytics. */
  dataComponentsFor(techniqueId: string): { id: string; name: string }[] {
    const ids = new Set<string>();
    for (const det of this.detectionStrategiesFor(techniqueId))
      for (const an of det.analytics ?? []) for (const dc of this.index.objects[an]?.dataComponents ?? []) ids.add(dc);
    return [...ids].sort(byString).map((id) => ({ id, name: this.index.objects[id]?.name ?? id }));
  }

  /** Concrete log source names (`WinEventLog:Security`, `auditd:SYSCALL`, …) that can see a technique. */
  logSourcesFor(techniqueId: string): { name: string; channel?: string; dataComponent: string }[] {
    const seen = new Map<string, { name: string; channel?: string; dataComponent: string }>();
    for (const det of this.detectionStrategiesFor(techniqueId))
      for (const an of det.analytics ?? [])
        for (const ls of this.index.objects[an]?.logSources ?? []) seen.set(`${ls.name}|${ls.channel ?? ''}|${ls.dataComponent}`, ls);
    return [...seen.entries()].sort((a, b) => byString(a[0], b[0])).map(([, v]) => v);
  }

  mitigationsFor(techniqueId: string): AttackObject[] {
    return (this.index.mitigatedBy[normalizeId(techniqueId)] ?? []).map((d) => this.index.objects[d]).filter(Boolean);
  }

  groupsUsing(techniqueId: string): AttackObject[] {
    return (this.index.usedByGroups[normalizeId(techniqueId)] ?? []).map((d) => this.index.objects[d]).filter(Boolean);
  }

  /** Technique IDs used by a group, software or campaign (including via its software when `viaSoftware`). */
  techniquesUsedBy(id: string, opts: { viaSoftware?: boolean } = {}): string[] {
    const key = normalizeId(id);
    const s = new Set(this.index.uses[key] ?? []);
    if (opts.viaSoftware) for (const sw of this.index.usesSoftware[key] ?? []) for (const t of this.index.uses[sw] ?? []) s.add(t);
    return [...s].sort(byString);
  }

  /** The full detail view used by `tm attack show`. */
  detail(id: string): TechniqueDetail | undefined {
    const o = this.get(id);
    if (!o) return undefined;
    const ref = (x: string) => ({ id: x, name: this.index.objects[x]?.name ?? x });
    const res = this.resolve(o.id);
    const isTech = o.type === 'technique' || o.type === 'subtechnique';
    return {
      id: o.id,
      name: o.name,
      type: o.type,
      summary: o.summary,
      tactics: o.tactics ?? [],
      platforms: o.platforms ?? [],
      parent: o.parent ?? null,
      subtechniques: o.subtechniques ?? [],
      revoked: o.revoked,
      deprecated: o.deprecated,
      replacedBy: res.status === 'revoked' ? res.replacedBy ?? null : null,
      detectionStrategies: isTech
        ? this.detectionStrategiesFor(o.id).map((d) => ({
            id: d.id,
            name: d.name,
            analytics: (d.analytics ?? []).map((a) => {
              const an = this.index.objects[a];
              return {
                id: a,
                platforms: an?.platforms ?? [],
                dataComponents: (an?.dataComponents ?? []).map(ref),
                logSources: (an?.logSources ?? []).map((l) => ({ name: l.name, channel: l.channel })),
              };
            }),
          }))
        : [],
      mitigations: isTech ? (this.index.mitigatedBy[o.id] ?? []).map(ref) : [],
      groups: isTech ? (this.index.usedByGroups[o.id] ?? []).map(ref) : [],
      software: isTech ? (this.index.usedBySoftware[o.id] ?? []).map(ref) : (this.index.usesSoftware[o.id] ?? []).map(ref),
      campaigns: isTech ? (this.index.usedByCampaigns[o.id] ?? []).map(ref) : [],
      url: o.url ?? null,
    };
  }

  /** Full-text-ish search over IDs, names, aliases and summaries; best first. */
  search(text: string, limit = 20): AttackObject[] {
    const q = text.trim().toLowerCase();
    if (!q) return [];
    const words = q.split(/\s+/);
    const scored: [number, AttackObject][] = [];
    for (const o of Object.values(this.index.objects)) {
      const name = o.name.toLowerCase();
      let score = 0;
      if (o.id.toLowerCase() === q) score = 1000;
      else if (name === q) score = 900;
      else if ((o.aliases ?? []).some((a) => a.toLowerCase() === q)) score = 800;
      else if (name.includes(q)) score = 500 - name.length;
      else {
        const hay = `${name} ${(o.aliases ?? []).join(' ').toLowerCase()} ${o.summary.toLowerCase()}`;
        const hits = words.filter((w) => hay.includes(w)).length;
        if (hits === words.length) score = 100 + hits * 10 - (o.summary.length > 0 ? 0 : 5);
      }
      if (!score) continue;
      if (!this.isActive(o)) score -= 50;
      scored.push([score, o]);
    }
    return scored.sort((a, b) => b[0] - a[0] || byString(a[1].id, b[1].id)).slice(0, limit).map(([, o]) => o);
  }

  /** Nearest IDs (same prefix, small edit distance) or names, for "did you mean". */
  suggest(raw: string, limit = 5): string[] {
    const id = normalizeId(raw);
    const keys = Object.keys(this.index.objects);
    const prefix = id.replace(/\d.*$/, '');
    const cands = keys
      .filter((k) => k.replace(/\d.*$/, '') === prefix)
      .map((k) => [editDistance(k, id), k] as [number, string])
      .filter(([d]) => d <= 2)
      .sort((a, b) => a[0] - b[0] || byString(a[1], b[1]))
      .map(([, k]) => k);
    if (cands.length) return cands.slice(0, limit).map((k) => `${k} ${this.index.objects[k].name}`);
    return this.search(raw, limit).map((o) => `${o.id} ${o.name}`);
  }
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}
