/**
 * The JSON object in a model's reply. Models asked for "only JSON" still sometimes wrap it in a
 * ```json fence or add a sentence; this accepts those and nothing looser (no repair of broken
 * JSON: a broken reply is retried with the parse error instead).
 */
export function extractJson(text: string): { value: unknown } | { error: string } {
  const t = text.trim();
  if (!t) return { error: 'the reply was empty; answer with the JSON object' };
  const tries: string[] = [t];
  const fence = /```(?:json)?\s*\n([\s\S]*?)\n?```/i.exec(t);
  if (fence) tries.push(fence[1].trim());
  const first = t.indexOf('{');
  const last = t.lastIndexOf('}');
  if (first >= 0 && last > first) tries.push(t.slice(first, last + 1));
  let lastError = '';
  for (const s of tries) {
    try {
      return { value: JSON.parse(s) };
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e);
    }
  }
  return { error: `the reply is not valid JSON (${lastError}); answer with one JSON object and nothing else` };
}
