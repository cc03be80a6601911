/** The contract a rule-format parser implements (see README.md to add one). */
import type { Doc, DetectionDraft, ParseContext } from './draft.js';
import type { RuleFormat } from './types.js';

export interface RuleParser {
  format: RuleFormat;
  /** which text syntax the files use: YAML documents or a TOML file */
  kind: 'yaml' | 'toml';
  /** does this parsed document belong to the format? Cheap key checks only: it runs on every document. */
  detect(doc: Doc): boolean;
  /**
   * Turn one document into zero or more rules. Report bad fields with `ctx.problem` and go on;
   * throw only when nothing at all can be read.
   */
  parse(doc: Doc, ctx: ParseContext): DetectionDraft[];
}
