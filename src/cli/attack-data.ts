import type { Command } from 'commander';
import { globals } from './context.js';
import { log } from '../util/log.js';
import type { LoadedAttack } from '../attack/load.js';

/**
 * Load ATT&CK for a command, honouring --attack-data, TM_ATTACK_DATA and config, with a
 * download progress line when the pinned release has to be fetched first.
 */
export async function attackFor(cmd: Command, configFile?: string): Promise<LoadedAttack> {
  const { loadAttack } = await import('../attack/load.js');
  const g = globals(cmd);
  const loaded = await loadAttack({
    file: g.attackData,
    configFile,
    onDownloadProgress: ({ received, total }) =>
      log.progress(`downloading ATT&CK ${total ? `${Math.round((received / total) * 100)}%` : `${(received / 1e6).toFixed(1)} MB`}`),
  });
  for (const w of loaded.warnings) log.warn(w);
  return loaded;
}
