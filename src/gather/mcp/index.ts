export { readMcpConfig, type ServerSpec } from './config.js';
export { McpPool, type ServerStatus, type CallOutcome } from './pool.js';
export { ADAPTERS, adapterById, detectAdapter } from './adapters.js';
export { gatherContext, resolveRoles, alertWindow, type RoleConfig } from './discover.js';
export type { OrgContext } from './context-types.js';
export type { Adapter, Role, OpName, Operation, Extract } from './adapter-types.js';
