import { type FakeUpstream, startFakeUpstream } from './fake-upstream.js';

/** Requests held at a `HeldUpstream` from `hold()` until `release()`. */
export interface Hold {
  /** Resolves once the first held request has arrived: the code under test has sent it and waits. */
  arrived: Promise<void>;
  /** Forwards the held requests (and ends the hold: later ones go straight through). */
  release(): void;
}

export interface HeldUpstream extends FakeUpstream {
  /** Holds the requests that arrive from now on, until the returned hold is released. */
  hold(): Hold;
}

/**
 * A provider's `base_url` in front of another upstream (the simulator) that forwards each request
 * as it is, unless the test holds it: then the answer waits until the test says, so "X happened
 * while the upstream had not answered yet" is asserted by order, not by a slow answer racing a
 * timer. Answers are forwarded whole (a stream arrives in one piece).
 *
 * @example const judge = await startHeldUpstream(() => h.sim.url); const hold = judge.hold(); …; await hold.arrived; hold.release();
 */
export async function startHeldUpstream(target: () => string): Promise<HeldUpstream> {
  let gate: Promise<void> = Promise.resolve();
  let arrivedOne: () => void = () => undefined;
  const upstream = await startFakeUpstream((req, body, res) => {
    arrivedOne();
    void gate.then(async () => {
      const headers = Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length', 'accept-encoding'].includes(name));
      const answer = await fetch(`${target()}${req.url}`, { method: req.method, headers: headers.map(([name, value]) => [name, String(value)]), body: req.method === 'GET' ? undefined : body });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  return {
    ...upstream,
    hold() {
      let open: () => void = () => undefined;
      gate = new Promise<void>((resolve) => (open = resolve));
      const arrived = new Promise<void>((resolve) => (arrivedOne = resolve));
      return {
        arrived,
        release: () => {
          arrivedOne = () => undefined;
          gate = Promise.resolve();
          open(); // the requests waiting on the held gate go on
        },
      };
    },
  };
}
