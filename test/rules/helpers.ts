import { fileURLToPath } from 'node:url';

export const RULES_FX = fileURLToPath(new URL('../fixtures/rules/', import.meta.url));
/** The good fixture folders, one per format. */
export const FORMAT_DIRS = ['sigma', 'elastic', 'splunk', 'panther', 'sentinel', 'tm'];
export const fx = (...p: string[]) => RULES_FX + p.join('/');
