import { GeoDb, numToIpv4 } from './geo.js';
import type { SqlValue } from './sql.js';

/** Deterministic 32-bit PRNG (mulberry32): same seed, same fleet. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type PoolRole = 'bg' | 'bf' | 'owner' | 'c2' | 'hot';
export interface PoolIp {
  role: PoolRole;
  ip: string;
  num: number;
  country: string | null;
  asn: number;
  as_name: string;
}

/** Countries the seeded organisations do business with; anything else is unexpected. */
export const EXPECTED_COUNTRIES = ['US', 'GB', 'CA', 'IE', 'NL'];
/** The country the seed sends heavy unexpected traffic from (fallbacks if the data lacks it). */
const HOT_COUNTRIES = ['IR', 'KP', 'BY', 'VE'];
const HOSTING = /hetzner|ovh|digitalocean|contabo|linode|vultr|leaseweb|choopa/i;

/**
 * Remote addresses for the seed, drawn from real ASN ranges so enrichment is real: a
 * background pool, the brute-force sources, the one legitimate SSH owner, the foreign
 * hosting-provider peer of the persistent channel, and the hot country's addresses.
 */
export function buildPool(geo: GeoDb, seed: number, sizes: { bg: number; bf: number; hot: number }): { pool: PoolIp[]; hotCountry: string } {
  const rnd = prng(seed * 7919 + 17);
  const n = geo.ranges;
  const pick = (idx: number, role: PoolRole): PoolIp => {
    const lo = geo.starts[idx]!;
    const span = geo.ends[idx]! - lo + 1;
    const num = lo + Math.floor(rnd() * span);
    const ip = numToIpv4(num);
    return { role, ip, num, country: geo.country(ip), asn: geo.asns[idx]!, as_name: geo.names[idx]! };
  };
  const seen = new Set<number>();
  const pool: PoolIp[] = [];
  const add = (p: PoolIp) => {
    if (seen.has(p.num)) return false;
    seen.add(p.num);
    pool.push(p);
    return true;
  };
  const draw = (role: PoolRole, count: number, ok: (p: PoolIp) => boolean, tries = count * 400) => {
    let got = 0;
    for (let t = 0; got < count && t < tries; t++) {
      const p = pick(Math.floor(rnd() * n), role);
      if (ok(p) && add(p)) got++;
    }
    return got;
  };
  draw('owner', 1, (p) => p.country === 'US' && !HOSTING.test(p.as_name));
  // the persistent channel's peer: a hosting provider outside the expected countries
  const hosting: number[] = [];
  for (let i = 0; i < n; i++) if (HOSTING.test(geo.names[i]!)) hosting.push(i);
  for (let t = 0; t < 200; t++) {
    const p = pick(hosting[Math.floor(rnd() * hosting.length)]!, 'c2');
    if (p.country && !EXPECTED_COUNTRIES.includes(p.country) && add(p)) break;
  }
  let hotCountry = HOT_COUNTRIES[0]!;
  for (const c of HOT_COUNTRIES) {
    if (draw('hot', sizes.hot, (p) => p.country === c, sizes.hot * 3000) > 0) {
      hotCountry = c;
      break;
    }
  }
  draw('bf', sizes.bf, (p) => p.country !== null && p.country !== 'US' && p.country !== hotCountry);
  // most background peers sit where the business is; the rest anywhere (but the hot country)
  const home = Math.round(sizes.bg * 0.75);
  draw('bg', home, (p) => p.country !== null && EXPECTED_COUNTRIES.includes(p.country));
  draw('bg', sizes.bg - home, (p) => p.country !== null && p.country !== hotCountry);
  return { pool, hotCountry };
}

export const poolRows = (pool: PoolIp[]): SqlValue[][] => {
  const counters: Record<string, number> = {};
  return pool.map((p) => {
    const idx = (counters[p.role] = (counters[p.role] ?? -1) + 1);
    return [p.role, idx, p.ip, p.num, p.country, p.asn, p.as_name];
  });
};
