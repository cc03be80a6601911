import { readFileSync } from 'node:fs';
import jsYaml from 'js-yaml';
import { packagePath } from '../../util/paths.js';

/** kb/threat-intel as loaded: groups with their targeting, and words → industry/region names. */
export interface ThreatIntel {
  groups: { id: string; name: string; industries: string[]; regions: string[]; motive: string }[];
  industries: Record<string, string[]>;
  regions: Record<string, string[]>;
}

/** Read kb/threat-intel/*.yaml from the package (or `dir`). */
export function loadThreatIntel(dir = packagePath('kb', 'threat-intel')): ThreatIntel {
  const g = jsYaml.load(readFileSync(`${dir}/groups.yaml`, 'utf8')) as { groups: ThreatIntel['groups'] };
  const i = jsYaml.load(readFileSync(`${dir}/industries.yaml`, 'utf8')) as { industries: Record<string, string[]>; regions: Record<string, string[]> };
  return { groups: g.groups, industries: i.industries, regions: i.regions };
}

function canonical(words: string[], table: Record<string, string[]>): string[] {
  const out = new Set<string>();
  for (const w of words) {
    const x = w.toLowerCase().trim();
    for (const [name, aliases] of Object.entries(table)) if (x === name || aliases.some((a) => x === a || x.includes(a.length > 3 ? a : `\u0000`))) out.add(name);
  }
  return [...out].sort();
}

/** Groups whose targeting matches the industry and one of the regions (`any` matches all). */
export function relevantGroups(intel: ThreatIntel, industry: string | undefined, geography: string[]): { group: ThreatIntel['groups'][number]; reason: string }[] {
  const inds = canonical(industry ? [industry] : [], intel.industries);
  const regs = canonical(geography, intel.regions);
  const out = [];
  for (const g of intel.groups) {
    const indHit = g.industries.includes('any') ? 'any industry' : g.industries.find((x) => inds.includes(x));
    const regHit = g.regions.includes('any') ? 'any region' : g.regions.find((x) => regs.includes(x));
    if (indHit && regHit) out.push({ group: g, reason: `targets ${indHit}; ${regHit}` });
  }
  return out;
}
