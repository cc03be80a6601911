export { carryForward, diffRegisters, IdAllocator, matchThreats, parseThreatId, riskLevel, riskScore, matrixRows } from '../../src/register/index.js';
import { validateAgainst } from '../../src/validate/ajv.js';

/** Schema errors of a register (empty when valid). */
export function validateRegisterShape(r: unknown): string[] {
  return validateAgainst('threat-register', r).errors.map((e) => `${e.path} ${e.message}`);
}
