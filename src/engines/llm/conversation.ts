import type { ContentBlockParam, MessageParam, TextBlock, ToolResultBlockParam, ToolUseBlock } from '@anthropic-ai/sdk/resources/messages/messages.js';
import type { TokenBudget } from './budget.js';
import { estimateTokens } from './budget.js';
import { LlmRequestError, type LlmClient } from './client.js';
import { redact } from './redact.js';
import type { LlmTool } from './tools.js';

export interface Turn {
  system: string;
  /** the whole conversation so far; the reply and tool turns are appended to it */
  messages: MessageParam[];
  tools: readonly LlmTool[];
  maxTokens: number;
  /** tool-use turns allowed before the model is told to answer */
  maxToolTurns?: number;
}

export interface Reply {
  text: string;
  stopReason: string | null;
  toolCalls: number;
}

/**
 * One answer from the model, running its tool calls on the way: send the whole conversation,
 * and while the model stops for `tool_use`, run each (read-only) tool and send the results back
 * in a new user turn. State lives only in `messages`: nothing is held by the server, so any
 * `POST /v1/messages` endpoint works. Every text we add is redacted first.
 */
export async function converse(client: LlmClient, turn: Turn, budget: TokenBudget, where: string, progress?: (m: string) => void): Promise<Reply> {
  const maxToolTurns = turn.maxToolTurns ?? 8;
  const byName = new Map(turn.tools.map((t) => [t.name, t]));
  const toolDefs = turn.tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.input_schema }));
  let toolCalls = 0;
  for (let round = 0; ; round++) {
    // after the tool allowance the model must answer; tools stay declared because the history holds tool_use blocks
    const mustAnswer = round >= maxToolTurns;
    if (round > maxToolTurns + 1) throw new LlmRequestError(`the model kept calling tools after being told to answer (${where})`);
    const params = {
      max_tokens: turn.maxTokens,
      system: turn.system,
      messages: turn.messages,
      ...(toolDefs.length ? { tools: toolDefs, ...(mustAnswer ? { tool_choice: { type: 'none' as const } } : {}) } : {}),
    };
    const estimate = estimateTokens(JSON.stringify(params));
    budget.check(estimate, where);
    const msg = await client.create(params);
    budget.record(msg.usage, estimate);
    turn.messages.push({ role: 'assistant', content: msg.content as ContentBlockParam[] });
    const uses = msg.content.filter((b): b is ToolUseBlock => b.type === 'tool_use');
    if (msg.stop_reason !== 'tool_use' || !uses.length) {
      const text = msg.content
        .filter((b): b is TextBlock => b.type === 'text')
        .map((b) => b.text)
        .join('');
      return { text, stopReason: msg.stop_reason, toolCalls };
    }
    const results: ToolResultBlockParam[] = [];
    for (const use of uses) {
      toolCalls++;
      const tool = byName.get(use.name);
      const input = (use.input ?? {}) as Record<string, unknown>;
      progress?.(`  ${where}: tool ${use.name}(${describe(input)})`);
      if (!tool) {
        results.push({ type: 'tool_result', tool_use_id: use.id, is_error: true, content: `no tool named ${use.name}; available: ${[...byName.keys()].join(', ')}` });
        continue;
      }
      try {
        results.push({ type: 'tool_result', tool_use_id: use.id, content: redact(await tool.run(input)) });
      } catch (e) {
        results.push({ type: 'tool_result', tool_use_id: use.id, is_error: true, content: redact(e instanceof Error ? e.message : String(e)) });
      }
    }
    const content: ContentBlockParam[] = [...results];
    if (round + 1 >= maxToolTurns) content.push({ type: 'text', text: 'That was the last tool call allowed for this stage. Answer now with the JSON object.' });
    turn.messages.push({ role: 'user', content });
  }
}

/** `path=src/app.ts, start_line=10` for a progress line (short; never more than 80 characters). */
function describe(input: Record<string, unknown>): string {
  const s = Object.entries(input)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
  return redact(s.length > 80 ? `${s.slice(0, 77)}...` : s);
}
