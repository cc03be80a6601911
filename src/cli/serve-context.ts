import type { Command } from 'commander';
import { action, collect } from './context.js';
import { usageError } from '../util/errors.js';
import { log } from '../util/log.js';

/** `tm serve siem` and `tm serve tickets`: local context servers for `tm model org`, over stdio. */
export function registerServeContext(parent: Command): void {
  parent
    .command('siem')
    .description('local SIEM context MCP server over stdio: detections with ATT&CK mapping, alert history, log sources')
    .requiredOption('--rules <dir>', 'rule folder or file (repeatable)', collect, [])
    .option('--alerts <file>', 'alert history as JSON lines {id, rule_id, title, severity, status, created_at, entities}')
    .option('--log-sources <file>', 'YAML list of ingested log sources (those without rules are reported as such)')
    .action(
      action(async (opts: { rules: string[]; alerts?: string; logSources?: string }) => {
        if (!opts.rules.length) throw usageError('--rules <dir> is required', 'tm serve siem --rules rules/ --alerts alerts.jsonl');
        const { loadSiemStore } = await import('../servers/siem/store.js');
        const { createSiemServer } = await import('../servers/siem/server.js');
        const store = await loadSiemStore({ rules: opts.rules, alerts: opts.alerts, logSources: opts.logSources });
        for (const p of store.problems) log.warn(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.error}`);
        log.info(`tm-siem: ${store.detections.length} detections, ${store.alerts.length} alerts, ${store.logSources.length} log sources (stdio)`);
        await serve(() => createSiemServer(store));
      }),
    );

  parent
    .command('tickets')
    .description('local ticketing context MCP server over stdio: search and read incidents from a Jira or Linear export')
    .requiredOption('--import <file>', 'Jira search-API JSON, or a Jira/Linear CSV export')
    .action(
      action(async (opts: { import: string }) => {
        const { loadTicketStore } = await import('../servers/tickets/store.js');
        const { createTicketsServer } = await import('../servers/tickets/server.js');
        const store = loadTicketStore(opts.import);
        for (const p of store.problems) log.warn(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.error}`);
        log.info(`tm-tickets: ${store.tickets.length} tickets from ${store.source} (stdio)`);
        await serve(() => createTicketsServer(store));
      }),
    );
}

async function serve(factory: () => ReturnType<typeof import('../servers/siem/server.js').createSiemServer>): Promise<void> {
  const { serveOverStdio } = await import('../servers/siem/stdio.js');
  await serveOverStdio(factory, (e) => log.debug(`mcp: ${e.message}`));
}
