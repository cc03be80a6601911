export * from './types.js';
export * from './risk.js';
export * from './ids.js';
export { carryForward, sortThreats } from './carry.js';
export { diffRegisters, COMPARED_FIELDS, type RegisterDiff } from './diff.js';
