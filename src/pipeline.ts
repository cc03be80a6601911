/**
 * The jobs tm does, each the same five stages: gather → produce → validate → diff → render.
 * Every recipe lives in its own file under src/pipeline/ (or, for coverage, src/coverage/api.ts)
 * and reads top to bottom; the CLI, the MCP servers and the interview are shells around them.
 *
 * - `modelApp`: load ATT&CK → scan the repo → engine (offline or anthropic) → check every
 *   ATT&CK ID and the schema → rule coverage (`--rules`) → YAML and markdown.
 * - `runOrgModel`: load ATT&CK → connect the MCP servers and gather the five context layers →
 *   interview or answers file → engine → carry the register forward (stable IDs, history) →
 *   validate → register diff → threat-model markdown.
 * - `coverageForRules`: parse rule files → resolve their ATT&CK IDs in the loaded release →
 *   wanted set → covered and gaps (with the log sources that could see each gap).
 * - `quarterlyReport`: register, app models and coverage, compared with last quarter → markdown.
 */
export { modelApp } from './pipeline/app.js';
export { runOrgModel } from './pipeline/org.js';
export { quarterlyReport } from './pipeline/org-quarterly.js';
export { coverageForRules } from './coverage/api.js';
