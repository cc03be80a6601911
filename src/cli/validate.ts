import type { Command } from 'commander';
import { action, emit, globals } from './context.js';
import { inputError, TmError } from '../util/errors.js';
import { log, style } from '../util/log.js';

interface ValidateOpts {
  schema?: string;
  attack: boolean;
}

export function register(program: Command): void {
  program
    .command('validate <file>')
    .description('validate an app threat model, threat register, coverage JSON or Navigator layer (detected by shape)')
    .option('--schema <name>', 'validate against this schema instead of detecting it (see schemas/)')
    .option('--no-attack', 'skip the check that every ATT&CK ID exists in the loaded release')
    .addHelpText('after', '\nExit codes: 0 valid, 1 invalid, 2 unreadable or unknown kind.')
    .action(
      action(async (file: string, opts: ValidateOpts, cmd: Command) => {
        const { readFileSync } = await import('node:fs');
        const { validateAgainst, schemaNames } = await import('../validate/ajv.js');
        const { detectSchema } = await import('../validate/detect.js');
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (e) {
          throw inputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { hint: 'check the path' });
        }
        const doc = await parseDoc(file, text);
        const names = schemaNames();
        const schema = opts.schema ?? detectSchema(doc);
        if (!schema) throw inputError(`cannot tell what kind of document ${file} is`, { hint: `pass --schema <name>, one of: ${names.join(', ')}` });
        if (!names.includes(schema)) throw inputError(`no schema named ${schema}`, { hint: `one of: ${names.join(', ')}` });
        const res = validateAgainst(schema, doc);
        const errors = [...res.errors];
        const warnings: string[] = [];
        if (opts.attack && schema !== 'config') {
          try {
            const { loadAttack } = await import('../attack/load.js');
            const { attackIdIssues } = await import('../validate/semantic.js');
            const { kb } = await loadAttack({ file: globals(cmd).attackData, download: false });
            errors.push(...attackIdIssues(doc, kb));
          } catch (e) {
            if (!(e instanceof TmError)) throw e;
            warnings.push(`ATT&CK IDs not checked: ${e.message}`);
          }
        }
        for (const w of warnings) log.warn(w);
        const result = { file, schema, valid: errors.length === 0, errors };
        emit(cmd, result, () =>
          result.valid
            ? `${style.green('valid')} ${file} (${schema})`
            : [`${style.red('invalid')} ${file} (${schema}): ${errors.length} problem(s)`, ...errors.slice(0, 50).map((e) => `  ${e.path}: ${e.message}`), errors.length > 50 ? `  … ${errors.length - 50} more (--json for all)` : '']
                .filter(Boolean)
                .join('\n'),
        );
        return result.valid ? 0 : 1;
      }),
    );
}

async function parseDoc(file: string, text: string): Promise<unknown> {
  if (/\.json$/i.test(file)) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw inputError(`${file}: malformed JSON: ${(e as Error).message}`, { hint: 'fix the JSON, or regenerate the file' });
    }
  }
  const YAML = (await import('yaml')).default;
  const d = YAML.parseDocument(text, { prettyErrors: false });
  if (d.errors.length) {
    const e = d.errors[0];
    throw inputError(`malformed YAML: ${e.message.split('\n')[0]}`, { where: `${file}:${e.linePos?.[0]?.line ?? 1}`, hint: 'fix the YAML, or regenerate the file' });
  }
  return d.toJS();
}
