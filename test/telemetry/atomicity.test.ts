import { afterAll, describe, expect, it } from 'vitest';
import { runTm } from '../helpers/run-tm.js';
import { httpClient, makeFleet, serveHttp, cleanupFleets, rows } from './helpers.js';

afterAll(cleanupFleets);

describe('a killed server leaves no unaudited action', () => {
  it('SIGKILL while actions are in flight: every state change has its audit record and the chain verifies', async () => {
    const fleet = await makeFleet(2000);
    const served = await serveHttp(fleet.db);
    const c = await httpClient(served.url, fleet.keys.enforce, 'legacy', 'chaos-agent');
    let done = 0;
    const calls: Promise<unknown>[] = [];
    // keep a stream of state-changing calls going, then kill the process under them
    for (let i = 0; i < 400; i++) {
      const dev = `dev-${String(i % 50).padStart(5, '0')}`;
      const p =
        i % 4 === 0 ? c.callTool({ name: 'isolate_device', arguments: { device_id: dev } })
        : i % 4 === 1 ? c.callTool({ name: 'block_destination', arguments: { destination: `198.51.100.${i % 250}`, scope: 'device', device_id: dev } })
        : i % 4 === 2 ? c.callTool({ name: 'release_device', arguments: { device_id: `dev-${String((i + 8) % 50).padStart(5, '0')}` } })
        : c.callTool({ name: 'suspend_user', arguments: { user_id: `usr-${String(i % 60).padStart(5, '0')}` } });
      calls.push(p.then(() => done++, () => undefined));
    }
    while (done < 60) await new Promise((r) => setTimeout(r, 5));
    served.child.kill('SIGKILL');
    await new Promise((r) => served.child.once('exit', r));
    const finished = done;
    // calls still in flight never get an answer from a dead server; drop them
    void c.close().catch(() => undefined);
    expect(finished).toBeLessThan(400); // it really died mid-stream

    const verify = await runTm(['telemetry', 'audit', '--verify', '--db', fleet.db, '--json']);
    expect(verify.code).toBe(0);
    const audit = await rows(fleet.db, `SELECT seq, tool, outcome, result FROM audit WHERE source = 'mcp_agent' ORDER BY seq`);
    const actions = await rows(fleet.db, 'SELECT audit_seq, tool FROM actions ORDER BY audit_seq');
    const okAudit = audit.filter((a) => a.outcome === 'ok');
    expect(audit.length).toBeGreaterThanOrEqual(finished);
    // one action row per successful audit record, same sequence and tool, and nothing else
    expect(actions.map((a) => [Number(a.audit_seq), a.tool])).toEqual(okAudit.map((a) => [Number(a.seq), a.tool]));
    // replaying the audit log gives exactly the state in the tables
    const isolated = new Set<string>();
    const blocks = new Set<string>();
    const suspended = new Set<string>();
    for (const a of okAudit) {
      const r = JSON.parse(a.result);
      if (a.tool === 'isolate_device') isolated.add(r.device_id);
      if (a.tool === 'release_device') isolated.delete(r.device_id);
      if (a.tool === 'block_destination') blocks.add(r.block_id);
      if (a.tool === 'suspend_user') suspended.add(r.user_id);
    }
    expect((await rows(fleet.db, 'SELECT id FROM devices WHERE isolated ORDER BY id')).map((r) => r.id)).toEqual([...isolated].sort());
    expect((await rows(fleet.db, 'SELECT id FROM blocks ORDER BY id')).map((r) => r.id)).toEqual([...blocks].sort());
    expect((await rows(fleet.db, 'SELECT id FROM users WHERE suspended ORDER BY id')).map((r) => r.id)).toEqual([...suspended].sort());
    // and the stale lock of the dead server does not block the next command
    expect((await runTm(['telemetry', 'keys', 'list', '--db', fleet.db])).code).toBe(0);
  });
});
