import { firstPrompt, jsonReply, lastMessage, type FakeReply, type RecordedRequest } from './fake-server.js';

export type OrgStage = 'threats' | 'recommendations';

/** Which org stage a request belongs to, from its prompt's title. */
export function orgStageOf(req: RecordedRequest): OrgStage | undefined {
  const p = firstPrompt(req);
  if (p.includes('# Task: organisational threats')) return 'threats';
  if (p.includes('# Task: recommendations and controls')) return 'recommendations';
  return undefined;
}

const ev = (server: string, tool: string, note: string, args: Record<string, unknown> = {}) => ({ server, tool, arguments: args, note });

/**
 * What a model could answer for the org stages, over the mini ATT&CK bundle: one threat reusing
 * an offline baseline key (`baselineKey`), one new threat with a revoked technique (T1086 →
 * T1059.001), an unknown technique, an unknown group, an unknown rule and evidence from a server
 * tm never gathered from; recommendations naming a key that does not exist.
 */
export function orgAnswers(o: { baselineKey: string; baselineCategory: string; server: string; tool: string; asset: string; rule?: string }) {
  return {
    threats: {
      threats: [
        {
          key: o.baselineKey,
          category: o.baselineCategory,
          title: 'FROM-THE-MODEL baseline threat, refined',
          description: 'The same threat the rules found, with the model’s reading of the alerts.',
          assets: [o.asset],
          actors: ['G0016', 'G9999'],
          techniques: ['T1078', 'T9999'],
          likelihood: 4,
          impact: 5,
          mitigation_status: 'partial',
          detections: [...(o.rule ? [o.rule] : []), 'no-such-rule'],
          evidence: [ev(o.server, o.tool, 'alerts in the window'), ev('evil-server', 'x', 'made up')],
        },
        {
          key: 'scripted-intrusion',
          category: 'INTRUSION',
          title: 'FROM-THE-MODEL PowerShell intrusion',
          description: 'Script-based execution after phishing.',
          assets: [o.asset],
          actors: [],
          techniques: ['T1086', 'T1190'],
          likelihood: 3,
          impact: 4,
          mitigation_status: 'unmitigated',
          detections: [],
          evidence: [ev('interview', 'answers', 'worry', { field: 'worries' })],
        },
      ],
    },
    recommendations: {
      recommendations: {
        immediate: [{ text: 'FROM-THE-MODEL enforce phishing-resistant MFA', threats: [o.baselineKey, 'not-a-key'] }],
        short_term: [{ text: 'Write PowerShell detections', threats: ['scripted-intrusion'] }],
        long_term: [],
      },
      controls: [{ name: 'FROM-THE-MODEL SIEM detection programme', evidence: ev(o.server, o.tool, 'rules exist') }],
    },
  };
}

/**
 * A fake handler for the org stages. `script[stage]` lists the replies to that stage's requests
 * in turn: `'answer'` or any FakeReply (the last one repeats).
 */
export function orgHandler(answers: Record<OrgStage, unknown>, script: Partial<Record<OrgStage, (FakeReply | 'answer')[]>> = {}) {
  const seen: Record<OrgStage, number> = { threats: 0, recommendations: 0 };
  return (req: RecordedRequest): FakeReply => {
    const stage = orgStageOf(req);
    if (!stage) return { status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: `fake: no org stage in prompt; last message ${JSON.stringify(lastMessage(req)).slice(0, 200)}` } } };
    const list = script[stage] ?? ['answer'];
    const next = list[Math.min(seen[stage]++, list.length - 1)];
    return next === 'answer' ? jsonReply(answers[stage]) : next;
  };
}
