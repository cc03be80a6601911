import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Reader } from 'mmdb-lib';

/** Country, ASN and network name for one IP; null fields when unknown or private. */
export interface GeoInfo {
  country: string | null;
  asn: number | null;
  as_name: string | null;
}

const require = createRequire(import.meta.url);

/** IPv4 dotted quad → unsigned 32-bit number, or null when not IPv4. */
export function ipv4ToNum(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255) return null;
    n = n * 256 + o;
  }
  return n;
}

export function numToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** `10.0.0.0/8` → inclusive numeric range; null when not an IPv4 CIDR or address. */
export function cidrRange(cidr: string): [number, number] | null {
  const [ip, bitsText] = cidr.split('/');
  const base = ipv4ToNum(ip ?? '');
  if (base === null) return null;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return null;
  const size = 2 ** (32 - bits);
  const lo = Math.floor(base / size) * size;
  return [lo, lo + size - 1];
}

/**
 * Offline geo lookups: country from the geo-whois-asn-country mmdb (CC0), ASN and network
 * name from the ip-location-db ASN ranges (CC BY 4.0), searched in memory.
 */
export class GeoDb {
  private constructor(
    private reader: Reader<any>, // eslint-disable-line @typescript-eslint/no-explicit-any -- mmdb-lib types its records as a closed union
    readonly starts: Uint32Array,
    readonly ends: Uint32Array,
    readonly asns: Uint32Array,
    readonly names: string[],
  ) {}

  static load(): GeoDb {
    const mmdb = require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb');
    const csv = readFileSync(require.resolve('@ip-location-db/asn/asn-ipv4-num.csv'), 'utf8');
    const lines = csv.split('\n');
    const starts = new Uint32Array(lines.length);
    const ends = new Uint32Array(lines.length);
    const asns = new Uint32Array(lines.length);
    const names: string[] = [];
    let n = 0;
    for (const line of lines) {
      if (!line) continue;
      const c1 = line.indexOf(',');
      const c2 = line.indexOf(',', c1 + 1);
      const c3 = line.indexOf(',', c2 + 1);
      starts[n] = Number(line.slice(0, c1));
      ends[n] = Number(line.slice(c1 + 1, c2));
      asns[n] = Number(line.slice(c2 + 1, c3));
      let name = line.slice(c3 + 1);
      if (name.startsWith('"')) name = name.slice(1, -1).replace(/""/g, '"');
      names.push(name);
      n++;
    }
    return new GeoDb(new Reader(readFileSync(mmdb)), starts.subarray(0, n), ends.subarray(0, n), asns.subarray(0, n), names);
  }

  get ranges(): number {
    return this.names.length;
  }

  country(ip: string): string | null {
    try {
      return (this.reader.get(ip) as { country_code?: string } | null)?.country_code ?? null;
    } catch {
      return null;
    }
  }

  asnIndex(num: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! <= num) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && this.ends[hi]! >= num ? hi : -1;
  }

  lookup(ip: string): GeoInfo {
    const num = ipv4ToNum(ip);
    const i = num === null ? -1 : this.asnIndex(num);
    return { country: this.country(ip), asn: i >= 0 ? this.asns[i]! : null, as_name: i >= 0 ? this.names[i]! : null };
  }
}

/** Attribution the ASN data's CC BY 4.0 licence asks for. */
export const GEO_ATTRIBUTION =
  'ASN data: ip-location-db/asn (RouteViews, DB-IP, NRO), CC BY 4.0, https://github.com/sapics/ip-location-db; country data: geo-whois-asn-country (CC0).';
