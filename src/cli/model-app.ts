import type { Command } from 'commander';
import { join } from 'node:path';
import { action, collect, globals } from './context.js';
import { attackFor } from './attack-data.js';
import { configFor } from './config.js';
import type { TmConfig } from '../config/load.js';
import { usageError } from '../util/errors.js';
import { log } from '../util/log.js';
import { writeFileAtomic } from '../util/fs.js';
import { canonicalModel } from '../model/app/canonical.js';

interface Opts {
  output?: string;
  format: string;
  rules: string[];
  kb: string[];
  engine?: string;
  model?: string;
  maxInputTokens?: string;
  asOf?: string;
}

/** `tm model app <repo>`: threat model of a code repository. */
export function registerModelApp(parent: Command): void {
  parent
    .command('app <repo>')
    .description('threat model of a code repository: components, flows, auth, attack paths, detections, playbooks')
    .option('-o, --output <dir>', 'write <dir>/app-threat-model.yaml (and .md); default: YAML on stdout')
    .option('--format <fmt>', 'yaml | md | both', 'yaml')
    .option('--rules <dir>', 'detection rules to measure coverage against (repeatable)', collect, [])
    .option('--kb <dir>', 'extra knowledge-base folder (YAML, same format as kb/; repeatable)', collect, [])
    .option('--engine <name>', 'offline (default) | anthropic')
    .option('--model <name>', 'model for the anthropic engine')
    .option('--max-input-tokens <n>', 'input token budget for the anthropic engine')
    .option('--as-of <date>', 'YYYY-MM-DD: pin metadata.generated (no wall time) for byte-identical output')
    .addHelpText('after', '\nExit codes: 0 written, 1 the model failed its schema, 2 bad input (missing folder, nothing readable, bad kb).')
    .action(
      action(async (repo: string, opts: Opts, cmd: Command) => {
        const format = opts.format;
        if (!['yaml', 'md', 'both'].includes(format)) throw usageError(`--format ${format} is not one of yaml, md, both`);
        if (format !== 'yaml' && !opts.output) throw usageError('--format md|both writes files: give -o <dir>');
        if (opts.asOf && !/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf)) throw usageError(`--as-of ${opts.asOf} is not a YYYY-MM-DD date`);
        const { config, file: configFile } = loadConfig(cmd);
        const engine = (opts.engine ?? config.engine ?? 'offline') as 'offline' | 'anthropic';
        if (engine !== 'offline' && engine !== 'anthropic') throw usageError(`--engine ${engine} is not offline or anthropic`);
        if (engine === 'offline' && process.env.ANTHROPIC_API_KEY) log.info('hint: ANTHROPIC_API_KEY is set; use --engine anthropic to use it (offline engine used)');
        const maxInputTokens = opts.maxInputTokens === undefined ? config.max_input_tokens : Number(opts.maxInputTokens);
        if (maxInputTokens !== undefined && !(maxInputTokens > 0)) throw usageError('--max-input-tokens must be a positive number');
        const { modelApp } = await import('../pipeline/app.js');
        const res = await modelApp({
          repo,
          attack: () => attackFor(cmd, configFile),
          engine,
          llm: { model: opts.model ?? config.model, maxInputTokens },
          kbDirs: [...(config.kb ?? []), ...opts.kb],
          rules: opts.rules,
          format: format as 'yaml' | 'md' | 'both',
          asOf: opts.asOf,
          toolVersion: TOOL_VERSION,
          // the anthropic engine's stage lines (and token use) are worth keeping in CI logs too
          progress: (m) => log.progress(m, engine === 'anthropic'),
        });
        for (const p of res.gather.problems) log.warn(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.error}`);
        const g = globals(cmd);
        if (!opts.output) {
          // --json: the same model as JSON (canonical key order) instead of YAML
          process.stdout.write(g.json ? JSON.stringify(canonicalModel(res.model), null, 2) + '\n' : res.yaml);
        } else {
          if (format !== 'md') await writeFileAtomic(join(opts.output, 'app-threat-model.yaml'), res.yaml);
          if (res.markdown !== undefined) await writeFileAtomic(join(opts.output, 'app-threat-model.md'), res.markdown);
          const written = [format !== 'md' ? 'app-threat-model.yaml' : '', res.markdown !== undefined ? 'app-threat-model.md' : ''].filter(Boolean).map((f) => join(opts.output!, f));
          if (g.json) process.stdout.write(JSON.stringify({ written, components: res.model.architecture_components.length, flows: res.model.data_flows.length, findings: res.model.findings.length, attackPaths: res.model.attack_paths.length, warnings: res.warnings }, null, 2) + '\n');
          if (!g.quiet) log.info(`wrote ${[format !== 'md' ? 'app-threat-model.yaml' : '', res.markdown !== undefined ? 'app-threat-model.md' : ''].filter(Boolean).join(' and ')} to ${opts.output} (${summary(res.model)})`);
        }
        return 0;
      }),
    );
}

const TOOL_VERSION = '0.1.0';

function summary(m: import('../model/app/types.js').AppThreatModel): string {
  return `${m.architecture_components.length} components, ${m.data_flows.length} flows, ${m.findings.length} findings, ${m.attack_paths.length} attack paths`;
}

function loadConfig(cmd: Command): { config: TmConfig; file?: string } {
  const config = configFor(cmd);
  return { config, file: config.attack_data };
}
