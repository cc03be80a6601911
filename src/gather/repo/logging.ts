import type { RepoEvidence } from '../../model/app/types.js';
import { CODE_EXTS, ev, matches } from './text.js';
import type { RepoScanner } from './types.js';
import { isTestPath } from './routes.js';

/** Logger set-up, request/access logging, audit events and configured levels. */
const PATTERNS: [RegExp, string, string][] = [
  [/\bpino(?:Http)?\(|require\(['"]pino['"]\)|from\s+['"]pino['"]/g, 'pino', 'logger'],
  [/\bwinston\.createLogger\(/g, 'winston', 'logger'],
  [/\bmorgan\(/g, 'morgan', 'access_log'],
  [/\blogging\.getLogger\(|\blogging\.basicConfig\(|\bdictConfig\(/g, 'python-logging', 'logger'],
  [/\bstructlog\.(?:get_logger|configure)\(/g, 'structlog', 'logger'],
  [/\bzap\.New(?:Production|Development)?\(|\blogrus\.New\(|\bslog\.New\(|\bzerolog\.New\(/g, 'go-logger', 'logger'],
  [/\bLoggerFactory\.getLogger\(|@Slf4j\b/g, 'slf4j', 'logger'],
  [/\bLog\.Logger\s*=|\bUseSerilog\(|\bILogger<\w+>/g, 'dotnet-logger', 'logger'],
  [/\bconsole\.(?:log|error|warn)\(/g, 'console', 'console'],
  [/\baudit(?:Log|_log|Logger|_logger|Event|_event)?\s*[.(]/g, 'audit', 'audit'],
  [/(?:\blogging\.level\.[\w.]+|^\s*root)\s*[:=]\s*['"]?(debug|trace|info|warn|error)\b/gim, 'level', 'level'],
  [/\b(?:LOG_LEVEL|log_level|logLevel|level)\s*[:=]\s*['"]?(debug|trace|verbose|info|warn|warning|error)\b/gi, 'level', 'level'],
];
const EXTS = new Set<string>([...CODE_EXTS, '.yml', '.yaml', '.properties', '.json']);

export const loggingScanner: RepoScanner = {
  id: 'logging',
  isEnabled: () => true,
  scan(repo) {
    const out: RepoEvidence[] = [];
    for (const file of repo.files) {
      if (!EXTS.has(file.ext) || isTestPath(file.path) || file.base.endsWith('lock.json')) continue;
      const text = repo.text(file);
      if (!text) continue;
      const code = (CODE_EXTS as readonly string[]).includes(file.ext);
      for (const [re, name, what] of PATTERNS) {
        if (!code && name !== 'level') continue;
        for (const { m, line } of matches(text, re)) {
          out.push(ev(repo, 'logging', 'logging', name, file, line, m[0], what === 'level' ? { what, level: m[1].toLowerCase() } : { what }));
          break;
        }
      }
    }
    return out;
  },
};
