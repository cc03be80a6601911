import type { Answers } from '../engines/offline/org-types.js';

/** The interview, in order. `list` answers are comma-separated in the terminal. */
export const QUESTIONS: { key: keyof Answers; prompt: string; list: boolean }[] = [
  { key: 'company', prompt: 'Company name', list: false },
  { key: 'industry', prompt: 'Industry', list: false },
  { key: 'geography', prompt: 'Where do you operate (regions or countries)', list: true },
  { key: 'interviewee_title', prompt: 'Your title', list: false },
  { key: 'crown_jewels', prompt: 'Crown jewels (data or systems whose loss would hurt most)', list: true },
  { key: 'critical_systems', prompt: 'Business-critical systems', list: true },
  { key: 'compliance', prompt: 'Compliance duties', list: true },
  { key: 'known_incidents', prompt: 'Known incidents', list: true },
  { key: 'worries', prompt: 'What worries you most', list: true },
];

export const showDefault = (v: unknown): string => (Array.isArray(v) ? v.join(', ') : v == null ? '' : String(v));

/** Apply one typed answer: empty keeps the default; `-` clears it. */
export function applyAnswer(answers: Answers, key: keyof Answers, typed: string, list: boolean): Answers {
  const t = typed.trim();
  const next = { ...answers } as Record<string, unknown>;
  if (t === '') return answers;
  if (t === '-') delete next[key];
  else next[key] = list ? t.split(',').map((s) => s.trim()).filter(Boolean) : t;
  return next as Answers;
}
