import type { AttackKB } from '../../attack/kb.js';
import { looksLikeAttackId } from '../../attack/kb.js';
import { MAX_READ_CHARS, type RepoFiles } from './repo-files.js';

/**
 * A tool offered to the model. Every tool a `model` command offers is read-only: it reads the
 * repository or the ATT&CK release, and never changes anything anywhere. Tools that act
 * (enforcement tools of MCP servers) are never wrapped as an `LlmTool`.
 */
export interface LlmTool {
  name: string;
  description: string;
  input_schema: { type: 'object'; properties: Record<string, unknown>; required?: string[] };
  /** Returns the text sent back as the tool result; throw (or return `{error}`) to report a failure to the model. */
  run(input: Record<string, unknown>): Promise<string> | string;
}

const MAX_SEARCH_HITS = 40;

/** `read_file` and `search_repo` over one repository. */
export function repoTools(files: RepoFiles): LlmTool[] {
  return [
    {
      name: 'read_file',
      description:
        'Read a text file of the repository being modelled, with line numbers (cite evidence as path:line). Paths are relative to the repository root. ' +
        `Returns at most ${MAX_READ_CHARS} characters; use start_line/end_line for the rest. Secrets are redacted.`,
      input_schema: {
        type: 'object',
        properties: {
          path: { type: 'string', description: 'path relative to the repository root, e.g. src/server.ts' },
          start_line: { type: 'integer', minimum: 1 },
          end_line: { type: 'integer', minimum: 1 },
        },
        required: ['path'],
      },
      run(input) {
        const r = files.resolve(String(input.path ?? ''));
        if ('error' in r) throw new Error(r.error);
        const from = Number(input.start_line) || 1;
        const to = Number(input.end_line) || Number.MAX_SAFE_INTEGER;
        const total = files.lineCount(r.path);
        const { text, truncated, lastLine } = files.numbered(r.path, from, to);
        const more = truncated ? `\n[cut at line ${lastLine} of ${total}; call read_file with start_line ${lastLine + 1} for more]` : '';
        return `${r.path} (${total} lines)\n${text}${more}`;
      },
    },
    {
      name: 'search_repo',
      description:
        'Search the repository for a literal text (case-insensitive). Returns up to 40 matching lines as path:line: text. ' +
        'Optionally limit to paths starting with path_prefix.',
      input_schema: {
        type: 'object',
        properties: {
          query: { type: 'string', description: 'literal text to find, e.g. app.post( or jwt.verify' },
          path_prefix: { type: 'string', description: 'only files under this folder, e.g. services/api/' },
        },
        required: ['query'],
      },
      run(input) {
        const q = String(input.query ?? '').toLowerCase();
        if (q.length < 2) throw new Error('query must have at least 2 characters');
        const prefix = String(input.path_prefix ?? '').replace(/^\.\//, '');
        const hits: string[] = [];
        let more = false;
        for (const path of files.list()) {
          if (prefix && !path.startsWith(prefix)) continue;
          const text = files.text(path);
          if (!text || !text.toLowerCase().includes(q)) continue;
          const lines = text.split('\n');
          for (let i = 0; i < lines.length; i++) {
            if (!lines[i].toLowerCase().includes(q)) continue;
            if (hits.length >= MAX_SEARCH_HITS) {
              more = true;
              break;
            }
            hits.push(`${path}:${i + 1}: ${lines[i].trim().slice(0, 200)}`);
          }
          if (more) break;
        }
        if (!hits.length) return `no match for "${input.query}"`;
        return hits.join('\n') + (more ? `\n[more matches not shown; narrow the query or use path_prefix]` : '');
      },
    },
  ];
}

/** `attack_lookup`: the loaded ATT&CK release, by ID or by words. */
export function attackTool(kb: AttackKB): LlmTool {
  return {
    name: 'attack_lookup',
    description:
      `Look up MITRE ATT&CK (release ${kb.version}, the one this model is checked against). Give an ID (T1078, T1552.001) to get its name, tactics, status ` +
      '(revoked IDs name their replacement) and data sources, or words (credentials in files) to get matching techniques.',
    input_schema: {
      type: 'object',
      properties: { query: { type: 'string', description: 'a technique ID or a few words' } },
      required: ['query'],
    },
    run(input) {
      const q = String(input.query ?? '').trim();
      if (!q) throw new Error('query is empty');
      if (looksLikeAttackId(q)) {
        const r = kb.resolve(q);
        if (r.status === 'unknown') return `${r.id} is not in ATT&CK ${kb.version}.${r.suggestions.length ? ` Nearest: ${r.suggestions.join('; ')}` : ''}`;
        if (r.status === 'revoked') return `${r.id} is REVOKED in ATT&CK ${kb.version}${r.replacedBy ? `; use ${r.replacedBy} ${kb.get(r.replacedBy)?.name ?? ''}` : ' and has no replacement; do not use it'}.`;
        const o = r.object;
        const lines = [`${o.id} ${o.name}${r.status === 'deprecated' ? ' (DEPRECATED: do not use)' : ''}`];
        if (o.tactics?.length) lines.push(`tactics: ${o.tactics.join(', ')}`);
        if (o.platforms?.length) lines.push(`platforms: ${o.platforms.join(', ')}`);
        if (o.summary) lines.push(`summary: ${o.summary.slice(0, 600)}`);
        const dcs = kb.dataComponentsFor(o.id).map((d) => d.name);
        if (dcs.length) lines.push(`data components: ${dcs.slice(0, 12).join(', ')}`);
        const subs = kb.subtechniquesOf(o.id);
        if (subs.length) lines.push(`sub-techniques: ${subs.map((s) => `${s} ${kb.get(s)?.name ?? ''}`).join('; ')}`);
        return lines.join('\n');
      }
      const found = kb
        .search(q, 30)
        .filter((o) => (o.type === 'technique' || o.type === 'subtechnique') && kb.isActive(o))
        .slice(0, 12);
      if (!found.length) return `no technique matches "${q}"; try other words`;
      return found.map((o) => `${o.id} ${o.name}${o.tactics?.length ? ` [${o.tactics.join(', ')}]` : ''}`).join('\n');
    },
  };
}
