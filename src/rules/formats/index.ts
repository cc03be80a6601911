/** Every rule format tm reads, in detection order (the first whose `detect` matches wins). */
import type { RuleParser } from '../parser.js';
import { tm } from './tm.js';
import { panther } from './panther.js';
import { sentinel } from './sentinel.js';
import { splunk } from './splunk.js';
import { sigma } from './sigma.js';
import { elastic } from './elastic.js';

export const PARSERS: readonly RuleParser[] = [tm, panther, sentinel, splunk, sigma, elastic];
