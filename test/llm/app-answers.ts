import type { AttackKB } from '../../src/attack/kb.js';
import { offlineStages } from '../../src/engines/offline/index.js';
import { gatherRepo } from '../../src/gather/repo/index.js';
import type { AppThreatModel } from '../../src/model/app/types.js';
import { appStageOf, jsonReply, lastMessage, type FakeReply, type RecordedRequest } from './fake-server.js';

export type AppStage = 'architecture' | 'threats' | 'response';
export type Answers = Record<AppStage, Partial<AppThreatModel>>;

/**
 * Answers a model could give for a repo: the offline engine's own stages (schema-valid by
 * construction, consistent IDs), marked so a test can tell the LLM path wrote them.
 */
export function offlineAnswers(repo: string, kb: AttackKB): Answers {
  const g = gatherRepo(repo);
  const ctx = { kb, warnings: new Set<string>() };
  const architecture = offlineStages.architecture(g, ctx);
  const threats = offlineStages.threats(g, architecture, ctx);
  const response = offlineStages.response(g, { ...architecture, ...threats }, ctx);
  const a = structuredClone(architecture);
  if (a.architecture_components[0]) a.architecture_components[0].description = `FROM-THE-MODEL ${a.architecture_components[0].description}`;
  return { architecture: a, threats: structuredClone(threats), response: structuredClone(response) };
}

/**
 * A fake handler for the three app stages. `script[stage]` lists what to answer on each request
 * of that stage in turn: `'answer'` (the stage's answer), or any FakeReply. Requests whose stage
 * cannot be told are answered with a 400, so a test notices.
 */
export function appHandler(answers: Answers, script: Partial<Record<AppStage, (FakeReply | 'answer')[]>> = {}) {
  const seen: Record<AppStage, number> = { architecture: 0, threats: 0, response: 0 };
  return (req: RecordedRequest): FakeReply => {
    const stage = appStageOf(req);
    if (!stage) return { status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: `fake: no stage in prompt; last message ${JSON.stringify(lastMessage(req)).slice(0, 200)}` } } };
    const list = script[stage] ?? ['answer'];
    const next = list[Math.min(seen[stage]++, list.length - 1)];
    return next === 'answer' ? jsonReply(answers[stage]) : next;
  };
}
