/**
 * The coordination service as a pure state machine (src/protocols/service.ts through kv-store's
 * applyOp): sessions with a TTL, locks with fencing tokens and waiters in line, compare-and-set,
 * watches. Replicas apply the same ops in the same order, so these tests drive one store.
 */
import { describe, expect, it } from 'vitest';
import { applyOp, appliedOutput, cloneKvStore, emptyKvStore, type KvStore } from '../../src/protocols/kv-store';
import { lockView, type Answer } from '../../src/protocols/service';
import type { ClientOp } from '../../src/sim/types';

/** A client as the tests drive it: numbered requests, each carrying the call time given. */
class Client {
  private next = 1;
  private keepAlives = 0;
  session = 0;
  constructor(readonly id: number, private store: KvStore) {}
  op(op: ClientOp['op'], at: number, extra: Partial<ClientOp> = {}): { output: string | null | undefined; answers: Answer[]; op: ClientOp } {
    const o: ClientOp = { client: this.id, requestId: this.next++, op, key: 'L', value: null, at, session: this.session, ...extra };
    const answers: Answer[] = [];
    return { output: applyOp(this.store, o, answers), answers, op: o };
  }
  open(at: number, ttl = 1000): number {
    this.session = Number(this.op('open', at, { ttl, session: undefined }).output);
    return this.session;
  }
  keepAlive(at: number) {
    const o: ClientOp = { client: this.id, requestId: -++this.keepAlives, op: 'keepalive', key: '', value: null, at, session: this.session };
    const answers: Answer[] = [];
    return { output: applyOp(this.store, o, answers), answers };
  }
}

function setup(n: number): { store: KvStore; clients: Client[] } {
  const store = emptyKvStore();
  return { store, clients: Array.from({ length: n }, (_, i) => new Client(i + 1, store)) };
}

describe('sessions', () => {
  it('a session opens with an id, and keep-alives within its TTL keep it live', () => {
    const { clients: [a] } = setup(1);
    const id = a.open(0, 1000);
    expect(id).toBeGreaterThan(0);
    expect(a.keepAlive(900).output).toBe('ok');
    expect(a.keepAlive(1800).output).toBe('ok'); // renewed at 900, so live until 1900
    expect(a.keepAlive(2901).output).toBe('expired'); // last seen 1800: gone after 2800
  });

  it("any client's op moves the service clock, and a session that missed its TTL expires and gives up its lock", () => {
    const { store, clients: [a, b] } = setup(2);
    a.open(0, 1000);
    b.open(0, 5000);
    const grant = a.op('acquire', 10);
    expect(grant.output).toMatch(/^\d+$/);
    const waitB = b.op('acquire', 20);
    expect(waitB.output).toBeUndefined(); // b waits in line behind a
    // a falls silent; b's keep-alive at 1100 is the first op after a's TTL ran out
    const tick = b.keepAlive(1100);
    expect(tick.output).toBe('ok');
    expect(tick.answers).toEqual([{ client: 2, requestId: waitB.op.requestId, output: expect.stringMatching(/^\d+$/) }]);
    expect(Number(tick.answers[0].output)).toBeGreaterThan(Number(grant.output));
    expect(lockView(store.service, 'L').holder).toMatchObject({ client: 2 });
    expect(a.op('release', 1200).output).toBe('expired');
    expect(store.service!.events.map((e) => [e.kind, e.client])).toEqual([['grant', 1], ['expire', 1], ['grant', 2]]);
  });

  it('closing a session releases its lock at once', () => {
    const { store, clients: [a, b] } = setup(2);
    a.open(0);
    b.open(0);
    a.op('acquire', 1);
    const waitB = b.op('acquire', 2);
    const closed = a.op('close', 3);
    expect(closed.output).toBe('ok');
    expect(closed.answers.map((x) => x.requestId)).toEqual([waitB.op.requestId]);
    expect(lockView(store.service, 'L').holder?.client).toBe(2);
  });
});

describe('locks', () => {
  it('fencing tokens are the grant revisions and strictly increase from holder to holder', () => {
    const { clients } = setup(4);
    for (const c of clients) c.open(0, 10_000);
    const tokens: number[] = [];
    const first = clients[0].op('acquire', 1);
    tokens.push(Number(first.output));
    const waits = clients.slice(1).map((c, i) => c.op('acquire', 2 + i));
    expect(waits.every((w) => w.output === undefined)).toBe(true);
    // each release wakes exactly the next in line, in the order they queued
    for (let i = 0; i < clients.length - 1; i++) {
      const r = clients[i].op('release', 10 + i);
      expect(r.output).toBe('ok');
      expect(r.answers).toHaveLength(1);
      expect(r.answers[0]).toMatchObject({ client: i + 2, requestId: waits[i].op.requestId });
      tokens.push(Number(r.answers[0].output));
    }
    for (let i = 1; i < tokens.length; i++) expect(tokens[i]).toBeGreaterThan(tokens[i - 1]);
  });

  it('each waiter watches its predecessor: when a middle waiter expires, its successor still waits for the holder', () => {
    const { store, clients: [a, b, c] } = setup(3);
    a.open(0, 10_000);
    b.open(0, 100);
    c.open(0, 10_000);
    a.op('acquire', 1);
    b.op('acquire', 2);
    const waitC = c.op('acquire', 3);
    const tick = c.keepAlive(500); // b's session is over
    expect(tick.answers).toEqual([{ client: 2, requestId: 2, output: 'expired' }]); // b's acquire ends
    expect(lockView(store.service, 'L').waiters.map((w) => w.client)).toEqual([3]);
    expect(lockView(store.service, 'L').holder?.client).toBe(1);
    const r = a.op('release', 600);
    expect(r.answers).toEqual([{ client: 3, requestId: waitC.op.requestId, output: expect.any(String) }]);
  });

  it('a retried acquire that was granted while the client waited returns the grant (at most once)', () => {
    const { store, clients: [a, b] } = setup(2);
    a.open(0);
    b.open(0);
    a.op('acquire', 1);
    const waitB = b.op('acquire', 2);
    expect(appliedOutput(store, waitB.op)).toBeUndefined(); // waiting: no answer to give yet
    expect(applyOp(store, waitB.op)).toBeUndefined(); // applied again (a retry in the log): still waiting, not queued twice
    expect(lockView(store.service, 'L').waiters).toHaveLength(1);
    const token = a.op('release', 3).answers[0].output;
    expect(appliedOutput(store, waitB.op)).toBe(token);
    expect(applyOp(store, waitB.op)).toBe(token);
  });

  it('the holder acquiring again gets its own token; a stranger releasing gets not-held', () => {
    const { clients: [a, b] } = setup(2);
    a.open(0);
    b.open(0);
    const t = a.op('acquire', 1).output;
    expect(a.op('acquire', 2).output).toBe(t);
    expect(b.op('release', 3).output).toBe('not-held');
  });

  it('a copy of the store is independent of the original', () => {
    const { store, clients: [a, b] } = setup(2);
    a.open(0);
    b.open(0);
    a.op('acquire', 1);
    b.op('acquire', 2);
    const copy = cloneKvStore(store);
    a.op('release', 3);
    expect(lockView(copy.service, 'L').holder?.client).toBe(1);
    expect(lockView(copy.service, 'L').waiters).toHaveLength(1);
    expect(lockView(store.service, 'L').holder?.client).toBe(2);
  });
});

describe('compare-and-set and watches', () => {
  it('compare-and-set writes only when the key holds the expected value (null: absent)', () => {
    const { store, clients: [a] } = setup(1);
    expect(a.op('cas', 1, { key: 'x', expect: null, value: 'one' }).output).toBe('ok');
    expect(a.op('cas', 2, { key: 'x', expect: null, value: 'two' }).output).toBe('failed');
    expect(a.op('cas', 3, { key: 'x', expect: 'one', value: 'two' }).output).toBe('ok');
    expect(store.kv.x).toBe('two');
  });

  it('a watch waits for the next change of its key; watches fire in revision order, each with its revision', () => {
    const { clients: [a, b, c] } = setup(3);
    a.open(0); // revisions count from the service's first op
    a.op('put', 0, { key: 'x', value: 'v1' });
    const seen = a.op('watch', 1, { key: 'x', expect: '0' });
    expect(seen.output).toMatch(/^\d+:v1$/); // changed after revision 0: answered at once
    const rev = Number(seen.output!.split(':')[0]);
    const w1 = b.op('watch', 2, { key: 'x', expect: String(rev) });
    const w2 = c.op('watch', 3, { key: 'y', expect: '0' });
    expect([w1.output, w2.output]).toEqual([undefined, undefined]);
    const put = a.op('put', 4, { key: 'x', value: 'v2' });
    expect(put.answers).toEqual([{ client: 2, requestId: w1.op.requestId, output: `${rev + 1}:v2` }]);
    const cas = a.op('cas', 5, { key: 'y', expect: null, value: 'w' });
    expect(cas.answers).toEqual([{ client: 3, requestId: w2.op.requestId, output: `${rev + 2}:w` }]);
  });

  it('key-value ops alone never create the service (kv runs stay as they were)', () => {
    const { store, clients: [a] } = setup(1);
    a.op('put', 0, { key: 'x', value: '1', at: undefined, session: undefined });
    a.op('get', 1, { key: 'x', at: undefined, session: undefined });
    expect(store.service).toBeUndefined();
  });
});
