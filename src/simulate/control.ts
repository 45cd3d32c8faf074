/**
 * The `/_sim/*` control plane, so tests and demos in other processes can install faults and
 * scripts, read statistics and reset the simulator over HTTP. No auth: it binds locally.
 */
import { jsonDocument } from '../core/json-document.js';
import type { ServerResponse } from 'node:http';
import { SwitchyardError } from '../core/errors.js';
import { parseFaultRule } from './faults.js';
import { parseScriptRule } from './script.js';
import type { ScriptRule, Simulator } from './types.js';

export interface ControlTarget {
  sim: Simulator;
  /** Forgets everything: faults, scripts, statistics, the prompt cache, the models seen. */
  reset(): void;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const json = jsonDocument(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(json)) });
  res.end(json);
}

/** One rule or an array of rules; all are checked before any is added, so a bad batch adds nothing. */
function addAll<R>(text: string, parse: (input: unknown) => R, add: (rule: R) => void): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SwitchyardError('invalid_json', 'body is not valid JSON');
  }
  const rules = (Array.isArray(parsed) ? parsed : [parsed]).map(parse);
  for (const rule of rules) add(rule);
  return rules.length;
}

/**
 * Handles a control request; `body` is the raw request text.
 *
 * @example handleControl(target, 'POST', '/_sim/faults', '{"kind":"status","status":429}', res)
 */
export function handleControl(target: ControlTarget, method: string, path: string, body: string, res: ServerResponse, query = new URLSearchParams()): void {
  const { sim } = target;
  try {
    const route = `${method} ${path}`;
    switch (route) {
      case 'GET /_sim/faults':
        return reply(res, 200, { faults: sim.listFaults() });
      case 'GET /_sim/scripts':
        return reply(res, 200, { scripts: sim.listScripts() });
      case 'POST /_sim/faults':
        return reply(res, 200, { added: addAll(body, parseFaultRule, (rule) => sim.addFault(rule)) });
      case 'DELETE /_sim/faults':
        sim.clearFaults();
        return reply(res, 200, { cleared: 'faults' });
      case 'POST /_sim/scripts':
        // `?first=true` puts the batch ahead of the installed rules, in the order given.
        if (query.get('first') === 'true') {
          const added: ScriptRule[] = [];
          const count = addAll(body, parseScriptRule, (rule) => added.push(rule));
          for (const rule of added.reverse()) sim.addScript(rule, true);
          return reply(res, 200, { added: count });
        }
        return reply(res, 200, { added: addAll(body, parseScriptRule, (rule) => sim.addScript(rule)) });
      case 'DELETE /_sim/scripts':
        sim.clearScripts();
        return reply(res, 200, { cleared: 'scripts' });
      case 'GET /_sim/stats':
        return reply(res, 200, sim.stats());
      case 'POST /_sim/reset':
        target.reset();
        return reply(res, 200, { reset: true });
      case 'GET /_sim/health':
        return reply(res, 200, { ok: true });
      default:
        return reply(res, 404, { error: `unknown control route ${route} (known: GET|POST|DELETE /_sim/faults, GET|POST|DELETE /_sim/scripts (POST ?first=true to put rules first), GET /_sim/stats, POST /_sim/reset)` });
    }
  } catch (error) {
    const status = error instanceof SwitchyardError ? error.status : 500;
    return reply(res, status, { error: error instanceof Error ? error.message : String(error) });
  }
}
