import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { action, emit, globals } from './context.js';
import { attackFor } from './attack-data.js';
import { usageError, TmError } from '../util/errors.js';
import { log } from '../util/log.js';

interface OrgOpts {
  interview?: boolean;
  answers?: string;
  mcpConfig?: string;
  output: string;
  asOf?: string;
  timeout?: string;
  engine?: string;
  model?: string;
  maxInputTokens?: string;
}

const today = () => new Date().toISOString().slice(0, 10);

export function checkDate(s: string | undefined, flag = '--as-of'): string {
  if (s === undefined) return today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(s + 'T00:00:00Z'))) throw usageError(`${flag} wants a date as YYYY-MM-DD, got ${s}`);
  return s;
}

export function registerModelOrg(parent: Command): void {
  parent
    .command('org')
    .description('organisational threat register from the MCP context servers and an interview')
    .option('--interview', 'ask the interview questions in the terminal (defaults proposed from discovery)')
    .option('--answers <file>', 'answer the interview from a YAML file (CI); see schemas/answers.schema.json')
    .option('--mcp-config <file>', '.mcp.json with the servers (default: mcp_config in tm.config.yaml, else ./.mcp.json)')
    .option('-o, --output <dir>', 'folder for threat-register.yaml, threat-model.md and answers.yaml; carried from run to run', 'threat-model')
    .option('--as-of <date>', 'the day the 90-day alert window ends and history is dated (YYYY-MM-DD; default today)')
    .option('--timeout <ms>', 'per-server timeout for connecting and each call (default: server_timeout_ms, else 15000)')
    .option('--engine <name>', 'offline (default) | anthropic (needs ANTHROPIC_API_KEY)')
    .option('--model <name>', 'model for the anthropic engine')
    .option('--max-input-tokens <n>', 'input token budget for the anthropic engine')
    .addHelpText('after', '\nExample (offline, starts its servers over stdio):\n  tm model org --answers examples/acme/answers.yaml --mcp-config examples/acme/.mcp.json -o out/acme --as-of 2026-06-30')
    .action(
      action(async (opts: OrgOpts, cmd: Command) => {
        if (opts.interview && opts.answers) throw usageError('give either --interview or --answers, not both');
        const asOf = checkDate(opts.asOf);
        const tty = Boolean(process.stdin.isTTY && process.stderr.isTTY);
        if (!opts.answers && !tty)
          throw usageError(
            opts.interview ? '--interview needs a terminal (stdin is not a TTY)' : 'no answers: this is not a terminal, so the interview cannot run',
            'pass --answers <file> (see schemas/answers.schema.json; a previous run leaves one in <dir>/answers.yaml)',
          );

        const { loadConfig } = await import('../config/load.js');
        const { configFor } = await import('./config.js');
        let config = configFor(cmd);
        let mcpFile = opts.mcpConfig ?? config.mcp_config ?? (existsSync('.mcp.json') ? '.mcp.json' : undefined);
        // a sample folder keeps its tm.config.yaml beside its .mcp.json; use it when none is given
        if (!globals(cmd).config && !existsSync('tm.config.yaml') && mcpFile && existsSync(join(dirname(mcpFile), 'tm.config.yaml'))) {
          const r = loadConfig(join(dirname(mcpFile), 'tm.config.yaml'));
          if (r.errors.length) throw new TmError('input', r.errors[0].message, { where: `${r.errors[0].file}${r.errors[0].line ? `:${r.errors[0].line}` : ''}` });
          config = r.config;
          mcpFile = opts.mcpConfig ?? mcpFile;
        }
        // same rules as `tm model app`: --engine, else config; a key alone does not switch engines
        const engine = opts.engine ?? config.engine ?? 'offline';
        if (engine !== 'offline' && engine !== 'anthropic') throw usageError(`--engine ${engine} is not offline or anthropic`);
        if (engine === 'offline' && process.env.ANTHROPIC_API_KEY) log.info('hint: ANTHROPIC_API_KEY is set; use --engine anthropic to use it (offline engine used)');
        const maxInputTokens = opts.maxInputTokens === undefined ? config.max_input_tokens : Number(opts.maxInputTokens);
        if (maxInputTokens !== undefined && !(maxInputTokens > 0)) throw usageError('--max-input-tokens must be a positive number');
        const timeoutMs = opts.timeout ? Number(opts.timeout) : (config.server_timeout_ms ?? 15_000);
        if (!Number.isFinite(timeoutMs) || timeoutMs < 100) throw usageError('--timeout wants milliseconds (at least 100)');

        const { readMcpConfig } = await import('../gather/mcp/config.js');
        const { readAnswers, runOrgModel } = await import('../pipeline/org.js');
        const servers = mcpFile ? readMcpConfig(mcpFile) : [];
        if (!servers.length) log.warn('no MCP servers configured: the register rests on the answers alone (pass --mcp-config)');
        const answers = opts.answers ? readAnswers(opts.answers) : undefined;
        const { kb } = await attackFor(cmd);

        const { createOrgUi } = await import('../ui/org-ui.js');
        const ui = createOrgUi({ interactive: !answers, servers: servers.map((s) => s.name) });
        try {
          const res = await runOrgModel({
            kb,
            servers,
            roles: { roles: config.roles, adapters: config.adapters },
            timeoutMs,
            outDir: resolve(opts.output),
            asOf,
            answers,
            interview: answers ? undefined : (defaults, ctx) => ui.interview(defaults, ctx),
            onStatus: (s) => ui.status(s),
            onProgress: (m) => ui.progress(m),
            engine,
            llm: { model: opts.model ?? config.model, maxInputTokens },
            // the anthropic engine's stage lines (and token use) are worth keeping in CI logs, as for model app
            onEngineProgress: answers ? (m) => log.progress(m, true) : (m) => ui.progress(m),
          });
          ui.done();
          for (const w of res.warnings) log.warn(w);
          const open = res.register.threats.filter((t) => t.status !== 'resolved');
          const summary = {
            output: opts.output,
            files: res.files.map((f) => f.slice(resolve(opts.output).length + 1)).map((f) => join(opts.output, f)),
            threats: { open: open.length, resolved: res.register.threats.length - open.length },
            servers: res.context.servers.map((s) => ({ name: s.name, state: s.state, ...(s.error ? { error: s.error } : {}) })),
            ...(res.diff ? { diff: res.diff } : {}),
          };
          emit(cmd, summary, () =>
            [
              `wrote ${summary.files.join(', ')}`,
              `${open.length} open threats, ${summary.threats.resolved} resolved`,
              ...(res.diff ? [`since last run: ${res.diff.new.length} new, ${res.diff.updated.length} updated, ${res.diff.resolved.length} resolved, ${res.diff.unchanged.length} unchanged`] : []),
            ].join('\n'),
          );
        } finally {
          ui.done();
        }
      }),
    );
}
