import { readFileSync, writeFileSync, unlinkSync, mkdirSync, openSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';
import { inputError } from '../util/errors.js';

/** The lock file next to a database: DuckDB has one writer, and tm says who holds it. */
export const lockPath = (db: string) => `${db}.lock`;

interface LockInfo {
  pid: number;
  command: string;
  started: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Who holds the database now, or null (a stale lock from a dead process does not count). */
export function lockHolder(db: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(lockPath(db), 'utf8')) as LockInfo;
    return info.pid !== process.pid && alive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

/**
 * Take the database for this process. Throws an input error (exit 2) naming the holder
 * when another live process has it; a stale lock (its process died) is taken over.
 * Returns the release function (also run on exit).
 */
export function acquireLock(db: string, command: string): () => void {
  const holder = lockHolder(db);
  if (holder) {
    throw inputError(`${db} is in use by \`${holder.command}\` (pid ${holder.pid}, since ${holder.started})`, {
      hint: `stop that process first, or do this through the running server's admin tools (an admin API key)`,
    });
  }
  mkdirSync(dirname(lockPath(db)), { recursive: true });
  try {
    unlinkSync(lockPath(db));
  } catch {
    /* none */
  }
  // 'wx' so two starters racing cannot both win
  const fd = openSync(lockPath(db), 'wx');
  writeFileSync(fd, JSON.stringify({ pid: process.pid, command, started: new Date().toISOString() }));
  closeSync(fd);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    try {
      const info = JSON.parse(readFileSync(lockPath(db), 'utf8')) as LockInfo;
      if (info.pid === process.pid) unlinkSync(lockPath(db));
    } catch {
      /* gone */
    }
  };
  process.once('exit', release);
  return release;
}
