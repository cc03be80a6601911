/** Helpers shared by tm's context servers (siem, tickets): results as JSON text plus structured content. */

export function jsonResult(data: object) {
  return { content: [{ type: 'text' as const, text: JSON.stringify(data) }], structuredContent: data as Record<string, unknown> };
}

export function errorResult(message: string) {
  return { content: [{ type: 'text' as const, text: message }], isError: true };
}

/** Is an ISO timestamp inside [since, until)? Missing bounds are open; unparseable times are kept out of bounded windows. */
export function inWindow(at: string | null | undefined, since?: string, until?: string): boolean {
  if (!since && !until) return true;
  const t = at ? Date.parse(at) : NaN;
  if (Number.isNaN(t)) return false;
  if (since && t < Date.parse(since)) return false;
  if (until && t >= Date.parse(until)) return false;
  return true;
}
