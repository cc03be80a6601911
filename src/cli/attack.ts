import type { Command } from 'commander';
import { action, emit, globals } from './context.js';
import { attackFor } from './attack-data.js';
import { inputError } from '../util/errors.js';
import { log, style } from '../util/log.js';

export function register(program: Command): void {
  const attack = program
    .command('attack')
    .description('the MITRE ATT&CK knowledge base: look up, search, update the data')
    .addHelpText('after', '\nData source order: --attack-data, $TM_ATTACK_DATA, attack_data in tm.config.yaml, the cached pinned release.');

  attack
    .command('info')
    .description('which ATT&CK release is loaded, from where, and what it holds')
    .action(
      action(async (_opts, cmd: Command) => {
        const { kb, source } = await attackFor(cmd);
        const counts: Record<string, number> = {};
        let revoked = 0;
        let deprecated = 0;
        for (const o of Object.values(kb.index.objects)) {
          if (o.revoked) revoked++;
          else if (o.deprecated) deprecated++;
          else counts[o.type] = (counts[o.type] ?? 0) + 1;
        }
        const result = {
          version: kb.version,
          domain: kb.index.domain,
          specVersion: kb.index.specVersion,
          source,
          counts,
          revoked,
          deprecated,
          tactics: kb.tactics().map((t) => ({ id: t.id, name: t.name, shortname: t.shortname })),
          platforms: kb.platforms(),
        };
        emit(cmd, result, () =>
          [
            `${style.bold('ATT&CK Enterprise')} ${kb.version} (STIX ${kb.index.specVersion})`,
            `source:   ${source.path} (${source.origin})`,
            `sha256:   ${source.sha256}`,
            `objects:  ${Object.entries(counts).sort().map(([k, v]) => `${v} ${k}`).join(', ')}`,
            `          ${revoked} revoked, ${deprecated} deprecated (kept, flagged)`,
            `tactics:  ${result.tactics.map((t) => `${t.id} ${t.name}`).join(', ')}`,
            `platforms: ${result.platforms.join(', ')}`,
          ].join('\n'),
        );
      }),
    );

  attack
    .command('show <id>')
    .description('show a technique, sub-technique, tactic, group, software, mitigation, campaign, detection strategy, analytic or data component')
    .action(
      action(async (id: string, _opts, cmd: Command) => {
        const { kb } = await attackFor(cmd);
        const res = kb.resolve(id);
        if (res.status === 'unknown') {
          throw inputError(`unknown ATT&CK ID ${res.id} in release ${kb.version}`, {
            hint: res.suggestions.length ? `did you mean: ${res.suggestions.join('; ')}` : 'try `tm attack search <words>`',
          });
        }
        const d = kb.detail(res.id)!;
        const { renderDetail } = await import('./attack-show-text.js');
        emit(cmd, d, () => renderDetail(kb, d));
      }),
    );

  attack
    .command('search <text...>')
    .description('search IDs, names, aliases and descriptions')
    .option('-n, --limit <n>', 'how many results', '20')
    .action(
      action(async (words: string[], opts: { limit: string }, cmd: Command) => {
        const { kb } = await attackFor(cmd);
        const hits = kb.search(words.join(' '), Number(opts.limit) || 20);
        const result = hits.map((o) => ({ id: o.id, name: o.name, type: o.type, revoked: o.revoked, deprecated: o.deprecated, summary: o.summary }));
        emit(cmd, result, () =>
          hits.length
            ? hits.map((o) => `${o.id.padEnd(10)} ${o.name}  ${style.dim(o.type + (o.revoked ? ', revoked' : o.deprecated ? ', deprecated' : ''))}`).join('\n')
            : 'no match',
        );
      }),
    );

  attack
    .command('update')
    .description("download MITRE's published STIX 2.1 Enterprise release, check it, cache it and pin it")
    .option('--version <x.y>', 'release to fetch (default: the pinned one)')
    .action(
      action(async (opts: { version?: string }, cmd: Command) => {
        const { downloadRelease } = await import('../attack/download.js');
        const { readPin } = await import('../attack/pin.js');
        const version = opts.version ?? readPin().version;
        const started = Date.now();
        const d = await downloadRelease(version, {
          onProgress: ({ received, total }) => {
            const mb = (received / 1e6).toFixed(1);
            const bar = total ? progressBar(received / total) + ` ${mb}/${(total / 1e6).toFixed(1)} MB` : `${mb} MB`;
            log.progress(`ATT&CK ${version} ${bar}`);
          },
        });
        log.progress(`ATT&CK ${d.version} downloaded in ${((Date.now() - started) / 1000).toFixed(1)} s`, true);
        emit(cmd, d, () => `pinned ATT&CK ${d.version}\n  cached at ${d.path}\n  sha256 ${d.sha256}`);
      }),
    );

  attack
    .command('import <file>')
    .description('adopt a local STIX bundle (.json or .json.gz) as the cached release')
    .option('--version <x.y>', 'release version, for bundles without a collection object (STIX 2.0)')
    .action(
      action(async (file: string, opts: { version?: string }, cmd: Command) => {
        const { readFileSync, existsSync } = await import('node:fs');
        if (!existsSync(file)) throw inputError(`no such file: ${file}`, { hint: 'pass the path of an enterprise-attack.json bundle' });
        const { adoptBundle } = await import('../attack/download.js');
        const d = adoptBundle(readFileSync(file), { version: opts.version, source: file });
        emit(cmd, d, () => `imported ATT&CK ${d.version} from ${file}\n  cached at ${d.path}\n  sha256 ${d.sha256}`);
        void globals;
      }),
    );
}

function progressBar(f: number, width = 24): string {
  const n = Math.max(0, Math.min(width, Math.round(f * width)));
  return '[' + '#'.repeat(n) + '.'.repeat(width - n) + `] ${Math.round(f * 100)}%`;
}
