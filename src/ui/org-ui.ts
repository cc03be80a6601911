import type { Answers } from '../engines/offline/org-types.js';
import type { OrgContext } from '../gather/mcp/context-types.js';
import type { ServerStatus } from '../gather/mcp/pool.js';
import { log } from '../util/log.js';
import { applyAnswer, QUESTIONS, showDefault } from './questions.js';

/** What `tm model org` shows while it runs: server progress, then (maybe) the interview. */
export interface OrgUi {
  status(s: ServerStatus): void;
  progress(msg: string): void;
  interview(defaults: Answers, ctx: OrgContext): Promise<Answers>;
  done(): void;
}

/**
 * The ink interface on a capable terminal when the interview runs; plain stderr lines otherwise
 * (CI, --answers, TERM=dumb). The ink module is imported only when it is used.
 */
export function createOrgUi(opts: { interactive: boolean; servers: string[] }): OrgUi {
  const fancy = opts.interactive && process.stderr.isTTY && process.env.TERM !== 'dumb';
  if (fancy) return lazyInk(opts.servers);
  return plainUi();
}

export function plainUi(): OrgUi {
  return {
    status(s) {
      if (s.state === 'ready') log.info(`✓ ${s.name}: ready, ${s.tools.length} tools`);
      else if (s.state === 'failed') log.info(`✗ ${s.name}: unavailable, skipped`);
      else log.debug(`${s.name}: connecting`);
    },
    progress(msg) {
      log.debug(msg);
    },
    async interview(defaults) {
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      let answers = { ...defaults };
      try {
        for (const q of QUESTIONS) {
          const d = showDefault(answers[q.key]);
          const typed = await rl.question(`${q.prompt}${d ? ` [${d}]` : ''}: `);
          answers = applyAnswer(answers, q.key, typed, q.list);
        }
      } finally {
        rl.close();
      }
      return answers;
    },
    done() {},
  };
}

function lazyInk(servers: string[]): OrgUi {
  const pending: ServerStatus[] = servers.map((name) => ({ name, state: 'connecting', tools: [] }));
  let app: Promise<import('./interview-app.js').InkApp> | undefined;
  const start = () => (app ??= import('./interview-app.js').then((m) => m.startInkApp(pending)));
  void start();
  return {
    status(s) {
      void start().then((a) => a.status(s));
    },
    progress(msg) {
      void start().then((a) => a.progress(msg));
    },
    async interview(defaults) {
      return (await start()).interview(defaults);
    },
    done() {
      void app?.then((a) => a.unmount());
    },
  };
}
