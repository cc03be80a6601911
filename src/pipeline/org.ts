import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import type { AttackKB } from '../attack/kb.js';
import { offlineOrgEngine } from '../engines/offline/org.js';
import { proposeDefaults } from '../engines/offline/org-defaults.js';
import { loadThreatIntel } from '../engines/offline/org-intel.js';
import type { Answers, OrgDraft, OrgInput } from '../engines/offline/org-types.js';
import type { ServerSpec } from '../gather/mcp/config.js';
import type { OrgContext } from '../gather/mcp/context-types.js';
import { gatherContext, type RoleConfig } from '../gather/mcp/discover.js';
import { McpPool, type ServerStatus } from '../gather/mcp/pool.js';
import { carryForward } from '../register/carry.js';
import { diffRegisters, type RegisterDiff } from '../register/diff.js';
import type { Register } from '../register/types.js';
import { parseRegisterYaml, registerToYaml } from '../register/yaml.js';
import { renderTemplate } from '../render/handlebars.js';
import { validateAgainst } from '../validate/ajv.js';
import { inputError, TmError } from '../util/errors.js';
import { writeFileAtomic } from '../util/fs.js';
import { sortKeys } from '../util/json.js';
import { threatModelView } from './org-view.js';
import type { Engine, EngineResult } from '../engines/types.js';

export interface OrgRunOptions {
  kb: AttackKB;
  servers: ServerSpec[];
  roles: RoleConfig;
  timeoutMs: number;
  outDir: string;
  asOf: string;
  /** answers given with --answers (already validated) */
  answers?: Answers;
  /** the interview: called with the defaults discovery proposes; returns the answers */
  interview?: (defaults: Answers, ctx: OrgContext) => Promise<Answers>;
  onStatus?: (s: ServerStatus) => void;
  onProgress?: (msg: string) => void;
  version?: string;
  /** `anthropic`: the LLM engine (src/engines/llm/org-engine.ts); default offline */
  engine?: 'offline' | 'anthropic';
  llm?: { model?: string; maxInputTokens?: number };
  /** the anthropic engine's stage lines (default: onProgress) */
  onEngineProgress?: (msg: string) => void;
}

export interface OrgRunResult {
  register: Register;
  draft: OrgDraft;
  context: OrgContext;
  answers: Answers;
  diff?: RegisterDiff;
  files: string[];
  warnings: string[];
}

/** Read and check a register file (exit-2 errors with file:line for the CLI). */
export function readRegister(file: string): Register {
  if (!existsSync(file)) throw inputError(`no such file: ${file}`, { hint: 'pass a threat-register.yaml written by `tm model org`' });
  const p = parseRegisterYaml(readFileSync(file, 'utf8'));
  if (p.error) throw inputError(`not valid YAML: ${p.error.message}`, { where: `${file}${p.error.line ? `:${p.error.line}` : ''}` });
  const v = validateAgainst('threat-register', p.data);
  if (!v.valid) throw inputError(`not a threat register: ${v.errors[0].path} ${v.errors[0].message}`, { where: file, hint: 'schemas/threat-register.schema.json describes the format' });
  return p.data as Register;
}

/** Read and check an answers file. */
export function readAnswers(file: string): Answers {
  if (!existsSync(file)) throw inputError(`no such file: ${file}`, { hint: 'write the answers as YAML (schemas/answers.schema.json), or run with --interview' });
  const doc = YAML.parseDocument(readFileSync(file, 'utf8'), { prettyErrors: false });
  if (doc.errors.length) throw inputError(`not valid YAML: ${doc.errors[0].message.split('\n')[0]}`, { where: `${file}:${doc.errors[0].linePos?.[0]?.line ?? 1}` });
  const data = doc.toJS() ?? {};
  const v = validateAgainst('answers', data);
  if (!v.valid) throw inputError(`bad answers: ${v.errors[0].path} ${v.errors[0].message}`, { where: file, hint: 'schemas/answers.schema.json lists the questions' });
  return data as Answers;
}

/**
 * `tm model org`, as a recipe: read last run's register and answers, connect to the MCP
 * servers, gather the five context layers, settle the answers (file or interview), produce the
 * draft, carry the register forward, validate, render, write.
 */
export async function runOrgModel(o: OrgRunOptions): Promise<OrgRunResult> {
  const regFile = join(o.outDir, 'threat-register.yaml');
  const ansFile = join(o.outDir, 'answers.yaml');
  const previous = existsSync(regFile) ? readRegister(regFile) : undefined;
  const previousAnswers = existsSync(ansFile) ? readAnswers(ansFile) : {};

  // created before connecting, so a missing API key fails before any server starts
  const engine = o.engine === 'anthropic' ? await anthropicOrgEngine(o.llm) : undefined;
  const pool = await McpPool.connect(o.servers, { timeoutMs: o.timeoutMs, onStatus: o.onStatus });
  let context: OrgContext;
  let produced: EngineResult<OrgDraft>;
  let answers: Answers;
  try {
    try {
      context = await gatherContext(pool, o.roles, o.asOf, o.onProgress);
    } finally {
      // the anthropic engine's read-only MCP tools need the servers until it is done
      if (!engine) await pool.close();
    }

    const defaults = proposeDefaults(context, previousAnswers);
    answers = sortKeys(o.answers ? { ...defaults, ...o.answers } : o.interview ? await o.interview(defaults, context) : defaults);
    const input = { context, answers, intel: loadThreatIntel() };
    produced = engine
      ? await engine.produce({ ...input, pool, previous: previous?.threats.map(({ key, category, title, status }) => ({ key, category, title, status })) }, { kb: o.kb, progress: o.onEngineProgress ?? o.onProgress })
      : await offlineOrgEngine.produce(input, { kb: o.kb, progress: o.onProgress });
  } finally {
    if (engine) await pool.close();
  }
  const draft = produced.output;
  const register = carryForward(previous, draft.drafts, { organisation: draft.organisation, asOf: o.asOf });
  register.metadata = {
    tool: 'tm',
    version: o.version ?? '0.1.0',
    engine: produced.stages.some((s) => s.engine === 'anthropic') ? 'anthropic' : 'offline',
    attack_version: o.kb.version,
    ...(engine ? llmMetadata(produced) : {}),
    servers: context.servers.map((s) => ({ name: s.name, state: s.state, ...(s.error ? { error: s.error } : {}) })),
  };
  checkRegister(register, o.kb);
  const diff = previous ? diffRegisters(previous, register) : undefined;

  const md = renderTemplate('threat-model.md.hbs', threatModelView(register, draft, context, diff));
  await writeFileAtomic(regFile, registerToYaml(register));
  await writeFileAtomic(join(o.outDir, 'threat-model.md'), md);
  await writeFileAtomic(ansFile, YAML.stringify(answers, { lineWidth: 0 }));
  return { register, draft, context, answers, diff, files: [regFile, join(o.outDir, 'threat-model.md'), ansFile], warnings: produced.warnings };
}

/** Schema and ATT&CK checks on what is about to be written; a failure here is a bug, not bad input. */
function checkRegister(r: Register, kb: AttackKB): void {
  const v = validateAgainst('threat-register', r);
  const bad = r.threats.flatMap((t) => [...t.techniques, ...t.actors].filter((id) => kb.resolve(id).status !== 'active').map((id) => `${t.id}: ${id}`));
  // resolved threats keep the IDs they were found with; only open ones must be current
  const openBad = bad.filter((b) => r.threats.find((t) => b.startsWith(t.id + ':'))?.status !== 'resolved');
  if (!v.valid || openBad.length)
    throw new TmError('input', `the register failed its checks: ${v.errors.map((e) => `${e.path} ${e.message}`).concat(openBad.map((b) => `${b} not active in ATT&CK ${kb.version}`)).join('; ')}`);
}

/**
 * What the anthropic engine adds to the register's metadata: which stage came from where (and
 * why a stage fell back) and the token use. No wall time, so same answers give the same file.
 */
function llmMetadata(p: EngineResult<OrgDraft>): Record<string, unknown> {
  return {
    stages: p.stages.map((s) => ({ name: s.name, engine: s.engine, ...(s.fallbackReason ? { fallback_reason: s.fallbackReason } : {}) })),
    ...(p.usage
      ? {
          usage: {
            input_tokens: p.usage.inputTokens,
            output_tokens: p.usage.outputTokens,
            ...(p.usage.estimatedCostUsd !== undefined ? { estimated_cost_usd: Math.round(p.usage.estimatedCostUsd * 10000) / 10000 } : {}),
          },
        }
      : {}),
  };
}

type OrgEngine = Engine<OrgInput & { pool?: unknown; previous?: { key: string; category: string; title: string; status: string }[] }, OrgDraft>;

async function anthropicOrgEngine(llm: OrgRunOptions['llm']): Promise<OrgEngine> {
  // imported only when asked for: the Anthropic SDK stays out of offline runs
  const { createAnthropicOrgEngine } = await import('../engines/llm/org-engine.js');
  return createAnthropicOrgEngine({ model: llm?.model, maxInputTokens: llm?.maxInputTokens });
}
