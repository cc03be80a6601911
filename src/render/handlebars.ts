import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { packagePath } from '../util/paths.js';

/**
 * Render `templates/<name>` with handlebars in strict mode (a missing field is an error, not
 * an empty string). A user folder (`templatesDir`) can override any template by file name.
 */
export function renderTemplate(name: string, data: unknown, opts: { templatesDir?: string } = {}): string {
  const file = opts.templatesDir && existsSync(join(opts.templatesDir, name)) ? join(opts.templatesDir, name) : packagePath('templates', name);
  const hb = Handlebars.create();
  registerHelpers(hb);
  const tpl = hb.compile(readFileSync(file, 'utf8'), { strict: true, noEscape: true });
  return tpl(data);
}

function registerHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('join', (xs: unknown, sep: unknown) => (Array.isArray(xs) ? xs.join(typeof sep === 'string' ? sep : ', ') : ''));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('len', (xs: unknown) => (Array.isArray(xs) ? xs.length : 0));
  hb.registerHelper('upper', (s: unknown) => String(s ?? '').toUpperCase());
  hb.registerHelper('pct', (n: unknown) => `${(Number(n) * 100).toFixed(1)}%`);
  hb.registerHelper('default', (v: unknown, d: unknown) => (v === undefined || v === null || v === '' ? d : v));
  // Markdown table cells: no pipes or newlines.
  hb.registerHelper('cell', (s: unknown) => String(s ?? '').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' '));
  // Mermaid node IDs: letters, digits and underscores only.
  hb.registerHelper('mid', (s: unknown) => String(s ?? '').replace(/[^A-Za-z0-9_]/g, '_'));
}
