import { useState, useSyncExternalStore } from 'react';
import { Box, Text, render, useInput } from 'ink';
import TextInput from 'ink-text-input';
import type { Answers } from '../engines/offline/org-types.js';
import type { ServerStatus } from '../gather/mcp/pool.js';
import { applyAnswer, QUESTIONS, showDefault } from './questions.js';

export interface InkApp {
  status(s: ServerStatus): void;
  progress(msg: string): void;
  interview(defaults: Answers): Promise<Answers>;
  unmount(): void;
}

interface State {
  servers: ServerStatus[];
  last: string;
  interview?: { defaults: Answers; resolve: (a: Answers) => void };
}

/** A tiny external store so the shell can push progress into the React tree. */
function store(initial: State) {
  let state = initial;
  const subs = new Set<() => void>();
  return {
    get: () => state,
    set(patch: Partial<State>) {
      state = { ...state, ...patch };
      subs.forEach((f) => f());
    },
    subscribe(f: () => void) {
      subs.add(f);
      return () => subs.delete(f);
    },
  };
}

function ServerLine({ s }: { s: ServerStatus }) {
  const mark = s.state === 'ready' ? <Text color="green">✓</Text> : s.state === 'failed' ? <Text color="red">✗</Text> : <Text color="yellow">…</Text>;
  const note = s.state === 'ready' ? `${s.tools.length} tools` : s.state === 'failed' ? `skipped: ${s.error ?? ''}` : 'connecting';
  return (
    <Text>
      {mark} {s.name} <Text dimColor>{note}</Text>
    </Text>
  );
}

function Questions({ defaults, onDone }: { defaults: Answers; onDone: (a: Answers) => void }) {
  const [i, setI] = useState(0);
  const [answers, setAnswers] = useState<Answers>(defaults);
  const [typed, setTyped] = useState('');
  useInput((_, key) => {
    if (key.escape) onDone(answers);
  });
  const q = QUESTIONS[i];
  if (!q) return <Text color="green">Answers complete.</Text>;
  const d = showDefault(answers[q.key]);
  return (
    <Box flexDirection="column">
      <Text dimColor>
        Question {i + 1} of {QUESTIONS.length}. Enter keeps the proposed answer, “-” clears it, Esc finishes{q.list ? '; separate several with commas' : ''}.
      </Text>
      <Text bold>{q.prompt}</Text>
      {d ? <Text dimColor>proposed: {d}</Text> : null}
      <Box>
        <Text color="cyan">› </Text>
        <TextInput
          value={typed}
          onChange={setTyped}
          onSubmit={(v) => {
            const next = applyAnswer(answers, q.key, v, q.list);
            setAnswers(next);
            setTyped('');
            if (i + 1 >= QUESTIONS.length) onDone(next);
            else setI(i + 1);
          }}
        />
      </Box>
    </Box>
  );
}

/** Start the interface; `io` lets tests drive it with their own streams. */
export function startInkApp(servers: ServerStatus[], io: { stdout?: NodeJS.WriteStream; stdin?: NodeJS.ReadStream } = {}): InkApp {
  const s = store({ servers, last: '' });
  function App() {
    const st = useSyncExternalStore(s.subscribe, s.get);
    return (
      <Box flexDirection="column">
        <Text bold>Discovering context</Text>
        {st.servers.map((x) => (
          <ServerLine key={x.name} s={x} />
        ))}
        {st.last ? <Text dimColor>{st.last}</Text> : null}
        {st.interview ? (
          <Questions
            defaults={st.interview.defaults}
            onDone={(a) => {
              const r = st.interview!.resolve;
              s.set({ interview: undefined });
              r(a);
            }}
          />
        ) : null}
      </Box>
    );
  }
  const inst = render(<App />, { stdout: io.stdout ?? process.stderr, stdin: io.stdin ?? process.stdin, exitOnCtrlC: true, patchConsole: false });
  return {
    status(x) {
      const list = s.get().servers.filter((y) => y.name !== x.name);
      s.set({ servers: [...list, x].sort((a, b) => (a.name < b.name ? -1 : 1)) });
    },
    progress(msg) {
      s.set({ last: msg });
    },
    interview(defaults) {
      return new Promise((resolve) => s.set({ interview: { defaults, resolve } }));
    },
    unmount() {
      inst.unmount();
    },
  };
}
