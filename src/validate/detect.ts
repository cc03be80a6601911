/** Which shipped schema a document is, judged by its shape (`tm validate` without --schema). */
export function detectSchema(doc: unknown): string | undefined {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const d = doc as Record<string, unknown>;
  if ('architecture_components' in d || 'attack_paths' in d || 'threat_scenarios' in d) return 'app-threat-model';
  if ('threats' in d && ('register' in d || 'organisation' in d || 'organization' in d || 'metadata' in d)) return 'threat-register';
  if ('techniques' in d && 'rules' in d && 'attack' in d) return 'coverage';
  if ('versions' in d && 'techniques' in d && 'domain' in d) return 'navigator-layer';
  return undefined;
}
