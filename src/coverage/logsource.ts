/**
 * Does any rule already read a log source that could see a technique? A deliberately small
 * heuristic: Sigma-style categories are matched to ATT&CK data component names, and
 * product/service pairs to the analytics' log source names (`WinEventLog:Security`,
 * `auditd:SYSCALL`, `AWS:CloudTrail`). It answers "is the telemetry probably there already".
 */
import type { AttackKB } from '../attack/kb.js';
import type { LogSource } from '../rules/types.js';
import { byString } from '../util/json.js';

/** Sigma categories whose words differ from the data component that records them. */
const CATEGORY_TO_COMPONENT: Record<string, string[]> = {
  process_creation: ['process creation'],
  image_load: ['module load'],
  file_event: ['file creation', 'file modification'],
  file_change: ['file modification'],
  file_rename: ['file modification'],
  file_delete: ['file deletion'],
  file_access: ['file access'],
  network_connection: ['network connection creation', 'network traffic flow'],
  firewall: ['network traffic flow', 'network connection creation'],
  dns_query: ['network traffic content'],
  dns: ['network traffic content'],
  proxy: ['network traffic content'],
  webserver: ['application log content', 'network traffic content'],
  registry_set: ['windows registry key modification'],
  registry_event: ['windows registry key modification', 'windows registry key creation'],
  registry_add: ['windows registry key creation'],
  registry_delete: ['windows registry key deletion'],
  ps_script: ['command execution', 'script execution'],
  ps_module: ['command execution', 'script execution'],
  ps_classic_start: ['command execution'],
  process_access: ['process access'],
  create_remote_thread: ['process modification', 'os api execution'],
  driver_load: ['driver load'],
  pipe_created: ['named pipe metadata'],
  wmi_event: ['wmi creation'],
  create_stream_hash: ['file metadata'],
  process_tampering: ['process modification'],
};

export type SourceIndex = { components: Set<string>; channels: Set<string>; vendors: Set<string> };

export function indexLogSources(sources: LogSource[]): SourceIndex {
  const idx: SourceIndex = { components: new Set(), channels: new Set(), vendors: new Set() };
  for (const s of sources) {
    if (s.category) {
      const c = s.category.toLowerCase();
      for (const dc of CATEGORY_TO_COMPONENT[c] ?? [c.replace(/_/g, ' ')]) idx.components.add(dc);
      // Sigma's Windows categories are Sysmon-backed
      if (s.product === 'windows') idx.channels.add('sysmon');
    }
    if (s.service) idx.channels.add(s.service.toLowerCase());
    if (s.product) idx.vendors.add(s.product.toLowerCase());
  }
  return idx;
}

const VENDOR_ALIASES: Record<string, string[]> = { wineventlog: ['windows'], aws: ['aws'], azure: ['azure'], gcp: ['gcp'], m365: ['m365', 'microsoft365', 'office365'], okta: ['okta'], 'linux': ['linux'], macos: ['macos'] };

export function gapEvidence(kb: AttackKB, techniqueId: string, idx: SourceIndex) {
  const dataComponents = kb.dataComponentsFor(techniqueId);
  const used = new Set<string>();
  for (const dc of dataComponents) if (idx.components.has(dc.name.toLowerCase())) used.add(dc.name);
  for (const ls of kb.logSourcesFor(techniqueId)) {
    const [vendor, chan = ''] = ls.name.toLowerCase().split(':');
    const vendorOk = (VENDOR_ALIASES[vendor] ?? [vendor]).some((v) => idx.vendors.has(v));
    const channelOk = chan !== '' && (idx.channels.has(chan) || idx.channels.has(chan.replace(/^microsoft-windows-/, '')));
    if (channelOk && (vendorOk || vendor === 'wineventlog' || vendor === 'auditd')) used.add(ls.name);
  }
  const logSourcesInUse = [...used].sort(byString);
  return { dataComponents, logSourceInUse: logSourcesInUse.length > 0, logSourcesInUse };
}
