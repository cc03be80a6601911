import { createHash } from 'node:crypto';
import type { AppGatherResult, ArchitecturePart, EvidenceRef, RepoEvidence } from '../../model/app/types.js';

/**
 * Facts are the words the kb's `when` lists use: `kind:name` for every piece of evidence
 * (`datastore:postgres`, `ci:pull_request_target`), `auth_event:<event>` for logged auth
 * events, and, once the architecture exists, `component:<type>`, `exposure:internet` and
 * `finding:<rule id>`. A pattern may end in `*` (`terraform:aws_*`, `route:*`).
 */
export class Facts {
  private refs = new Map<string, Set<EvidenceRef>>();

  static fromGather(g: AppGatherResult): Facts {
    const f = new Facts();
    for (const e of g.evidence) {
      f.add(`${e.kind}:${e.name}`, ref(e));
      if (e.name === 'auth_event' && typeof e.attrs?.event === 'string') f.add(`auth_event:${e.attrs.event}`, ref(e));
    }
    return f;
  }

  /** Add what the architecture stage decided: component types, exposure, findings. */
  withArchitecture(a: ArchitecturePart): Facts {
    for (const c of a.architecture_components) {
      for (const r of c.evidence) this.add(`component:${c.type}`, r);
      if (c.exposure === 'internet') for (const r of c.evidence) this.add('exposure:internet', r);
    }
    for (const f of a.findings) for (const r of f.evidence) this.add(`finding:${ruleOf(f.id)}`, r);
    return this;
  }

  add(fact: string, r?: EvidenceRef): void {
    let s = this.refs.get(fact);
    if (!s) this.refs.set(fact, (s = new Set()));
    if (r) s.add(r);
  }

  /** Facts matching one pattern. */
  matching(pattern: string): string[] {
    if (!pattern.endsWith('*')) return this.refs.has(pattern) ? [pattern] : [];
    const pre = pattern.slice(0, -1);
    return [...this.refs.keys()].filter((k) => k.startsWith(pre));
  }

  holds(pattern: string): boolean {
    return this.matching(pattern).length > 0;
  }

  any(patterns: readonly string[] | undefined): boolean {
    return !!patterns?.some((p) => this.holds(p));
  }

  all(patterns: readonly string[] | undefined): boolean {
    return !patterns || patterns.every((p) => this.holds(p));
  }

  /** Evidence behind the patterns that hold, sorted, capped. */
  evidenceFor(patterns: readonly string[], cap = MAX_REFS): EvidenceRef[] {
    const out = new Set<EvidenceRef>();
    for (const p of patterns) for (const k of this.matching(p)) for (const r of this.refs.get(k) ?? []) out.add(r);
    return sortRefs([...out]).slice(0, cap);
  }
}

/** Most evidence refs kept on one item: enough to find it, short enough to read. */
export const MAX_REFS = 8;

export const ref = (e: RepoEvidence): EvidenceRef => `${e.at.file}:${e.at.line}`;

/** Sort `file:line` refs by file, then numerically by line; unique. */
export function sortRefs(refs: Iterable<EvidenceRef>): EvidenceRef[] {
  const parse = (r: string) => {
    const i = r.lastIndexOf(':');
    return [r.slice(0, i), Number(r.slice(i + 1))] as const;
  };
  return [...new Set(refs)].sort((a, b) => {
    const [fa, la] = parse(a);
    const [fb, lb] = parse(b);
    return fa < fb ? -1 : fa > fb ? 1 : la - lb;
  });
}

export const refsOf = (list: RepoEvidence[], cap = MAX_REFS): EvidenceRef[] => sortRefs(list.map(ref)).slice(0, cap);

/** Lower-case words joined by `-`, at most 48 characters. */
export function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48)
      .replace(/-+$/g, '') || 'x'
  );
}

/** 8 hex characters of sha256: for IDs of items that have no natural name (a finding at a line). */
export const shortHash = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 8);

/** The kb rule a finding ID came from: `find-open-ingress-1a2b3c4d` → `open-ingress`. */
export function ruleOf(findingId: string): string {
  return findingId.replace(/^find-/, '').replace(/-[0-9a-f]{8}$/, '');
}

export const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
export const uniqSorted = (xs: Iterable<string>) => [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
