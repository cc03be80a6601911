import { describe, expect, it, vi } from 'vitest';

// ink draws only its last frame when it thinks it runs in CI (is-in-ci reads CI at import
// time); this test drives a pretend terminal, so it must look interactive even under CI=true.
vi.hoisted(() => {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
});
import { PassThrough } from 'node:stream';
import { applyAnswer, QUESTIONS } from '../../src/ui/questions.js';
import { startInkApp } from '../../src/ui/interview-app.js';
import { proposeDefaults } from '../../src/engines/offline/org-defaults.js';
import type { OrgContext } from '../../src/gather/mcp/context-types.js';

const ev = { server: 's', tool: 't', arguments: {}, note: '' };
const tick = (ms = 50) => new Promise((r) => setTimeout(r, ms));
/** Wait until the screen shows `re` (ink draws on its own schedule). */
async function waitFor(screen: () => string, re: RegExp): Promise<void> {
  for (let i = 0; i < 200 && !re.test(screen()); i++) await tick(25);
  expect(screen()).toMatch(re);
}

/** A terminal-like pair of streams ink can draw on and read keys from. */
function fakeTty() {
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 100, rows: 40 });
  let screen = '';
  stdout.on('data', (d) => (screen += d.toString()));
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin, ref: () => stdin, unref: () => stdin });
  return { stdout, stdin, screen: () => screen };
}

describe('the interview', () => {
  it('applies typed answers: empty keeps the proposal, "-" clears, lists split on commas', () => {
    const a = { company: 'X', worries: ['a'] };
    expect(applyAnswer(a, 'company', '', false)).toEqual(a);
    expect(applyAnswer(a, 'company', '-', false)).toEqual({ worries: ['a'] });
    expect(applyAnswer(a, 'worries', ' b , c,', true)).toEqual({ company: 'X', worries: ['b', 'c'] });
    expect(QUESTIONS.map((q) => q.key)).toEqual(['company', 'industry', 'geography', 'interviewee_title', 'crown_jewels', 'critical_systems', 'compliance', 'known_incidents', 'worries']);
  });

  it('proposes defaults from documents, incident tickets and recurring alerts', () => {
    const ctx = {
      docs: [{ path: 'a.md', title: 'A', ev, text: '# Acme — overview\n\nIndustry: retail\nGeography: europe, north america\n\n# Business-critical systems\n\n## Critical systems\n\n- Shop: the web shop\n- ERP\n\n# Other\n\n- not this' }],
      incidents: [
        { key: 'S-1', summary: 'Card skimming on checkout', labels: ['incident'] },
        { key: 'S-2', summary: 'Rotate keys', labels: ['security'] },
      ],
      alerts: [1, 2, 3].map((i) => ({ id: `a${i}`, title: 'Brute force' })),
    } as unknown as OrgContext;
    expect(proposeDefaults(ctx, { interviewee_title: 'CISO' })).toEqual({
      company: 'Acme',
      industry: 'retail',
      geography: ['europe', 'north america'],
      interviewee_title: 'CISO',
      critical_systems: ['ERP', 'Shop'],
      known_incidents: ['Card skimming on checkout'],
      worries: ['Brute force'],
    });
  });

  it('ink: shows each server, then asks the questions with the proposed answers', async () => {
    const t = fakeTty();
    const app = startInkApp([{ name: 'siem', state: 'connecting', tools: [] }], { stdout: t.stdout as never, stdin: t.stdin as never });
    await waitFor(t.screen, /siem/);
    app.status({ name: 'siem', state: 'ready', tools: ['a', 'b'] });
    app.status({ name: 'dead', state: 'failed', tools: [], error: 'timed out' });
    await waitFor(t.screen, /2 tools/);
    await waitFor(t.screen, /skipped: timed out/);
    const done = app.interview({ company: 'Acme' });
    await waitFor(t.screen, /Company name/);
    await waitFor(t.screen, /proposed: Acme/);
    t.stdin.write('\r'); // keep the proposal
    await waitFor(t.screen, /Question 2 of 9/);
    t.stdin.write('retail');
    await waitFor(t.screen, /› retail/);
    t.stdin.write('\r');
    await waitFor(t.screen, /Question 3 of 9/);
    t.stdin.write('\u001b'); // Esc finishes
    const answers = await done;
    app.unmount();
    expect(answers).toEqual({ company: 'Acme', industry: 'retail' });
  });
});
