import type { Command } from 'commander';
import { registerServeTelemetry } from './serve-telemetry.js';
import { registerServeContext } from './serve-context.js';

export function register(program: Command): void {
  const serve = program.command('serve').description('run the MCP servers tm ships (telemetry, siem, tickets)');
  registerServeTelemetry(serve);
  registerServeContext(serve);
}
