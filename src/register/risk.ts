import type { RiskLevel } from './types.js';

/**
 * The risk matrix (documented in the report): risk = likelihood × impact, each scored 1–5.
 *
 * | score  | level    |
 * | ------ | -------- |
 * | 1–4    | low      |
 * | 5–9    | medium   |
 * | 10–14  | high     |
 * | 15–25  | critical |
 */
export const RISK_BANDS: { level: RiskLevel; min: number; max: number }[] = [
  { level: 'low', min: 1, max: 4 },
  { level: 'medium', min: 5, max: 9 },
  { level: 'high', min: 10, max: 14 },
  { level: 'critical', min: 15, max: 25 },
];

export const LIKELIHOOD_SCALE = ['rare', 'unlikely', 'possible', 'likely', 'almost certain'];
export const IMPACT_SCALE = ['negligible', 'minor', 'moderate', 'major', 'severe'];

export const clampScore = (n: number): number => Math.max(1, Math.min(5, Math.round(n)));

export function riskScore(likelihood: number, impact: number): number {
  return clampScore(likelihood) * clampScore(impact);
}

export function riskLevel(score: number): RiskLevel {
  for (const b of RISK_BANDS) if (score >= b.min && score <= b.max) return b.level;
  return score > 25 ? 'critical' : 'low';
}

const ORDER: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2, critical: 3 };
export const riskRank = (l: RiskLevel): number => ORDER[l];

/** The 5×5 matrix as rows (impact 5 at the top) of cells `score (level)`, for the report. */
export function matrixRows(): { impact: number; label: string; cells: { score: number; level: RiskLevel }[] }[] {
  const rows = [];
  for (let i = 5; i >= 1; i--) {
    const cells = [];
    for (let l = 1; l <= 5; l++) cells.push({ score: l * i, level: riskLevel(l * i) });
    rows.push({ impact: i, label: IMPACT_SCALE[i - 1], cells });
  }
  return rows;
}
