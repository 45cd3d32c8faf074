import { UNKNOWN_MODEL, unknownModelRequested } from '../../../src/core/requested-model.js';
import type { TraceSummary } from '../types.js';
import { Label, shortLabel } from './ui.js';

// How a trace list names a call's model, route and key: each as what it is, not a bare name or a dash.

/**
 * The key a call came with. On an open gateway (no key ever configured) no call has one: a column
 * of dashes read as missing data, so it says why.
 */
export function KeyCell({ name, open }: { name: string | null; open: boolean }) {
  if (name) return <Label text={name} />;
  if (open) {
    return (
      <span className="muted" data-testid="open-gateway" title="No keys are configured: the gateway accepts any caller, so calls carry no key. Create one on the Keys page to meter and limit callers.">
        open gateway
      </span>
    );
  }
  return <span title="no known key: the gateway refused the call before it knew whose it was">–</span>;
}

/**
 * The route a call named and the model it picked, from the trace's routing decision; undefined
 * for a call that named a model.
 *
 * @example routedTo({ requestedModel: 'support', decisions: { route: { steps: [{ route: 'support', … }], model: 'small' } } }) // 'small'
 * @example routedTo({ requestedModel: 'intent', decisions: { local: { answered: true, … } } }) // 'local'
 * @example routedTo({ requestedModel: 'front', decisions: { local: { answered: true, route: 'intent', … } } }) // 'intent > local'
 */
export function routedTo(trace: Pick<TraceSummary, 'requestedModel' | 'decisions'>): string | undefined {
  // A route's local model answers before the route picks a target: no route decision, but a route all the same.
  // Reached through another route, the outer route chose the classify route: say both, outer → inner → local.
  const local = trace.decisions?.local as { answered?: unknown; route?: unknown } | undefined;
  if (local?.answered === true) return typeof local.route === 'string' && local.route !== trace.requestedModel ? `${local.route} > local` : 'local';
  const route = trace.decisions?.route as { steps?: { route?: string }[]; model?: string } | undefined;
  if (route?.steps?.[0]?.route !== trace.requestedModel) return undefined;
  return typeof route.model === 'string' ? route.model : '';
}

/** The names of the model filter: models first, then the routes among them under a heading of their own. */
export function ModelOptions({ names, routes }: { names: readonly string[]; routes: ReadonlySet<string> }) {
  const option = (v: string) => (
    <option key={v} value={v} title={v}>
      {shortLabel(v)}
    </option>
  );
  const routed = names.filter((n) => routes.has(n));
  if (routed.length === 0) return <>{names.map(option)}</>;
  return (
    <>
      {names.length > routed.length ? <optgroup label="models">{names.filter((n) => !routes.has(n)).map(option)}</optgroup> : null}
      <optgroup label="routes (each picks a model per request)">{routed.map(option)}</optgroup>
    </>
  );
}

/**
 * The model a call asked for. A route is marked as one, with the model it chose under it; a name
 * nobody configured shows as asked (cut by Label, whole on hover) with "not configured" under it,
 * in place of the "(unknown model)" bucket it is counted in.
 */
export function ModelCell({ trace }: { trace: TraceSummary }) {
  if (!trace.requestedModel) return <span title="refused before the body was read (no model named)">–</span>;
  const asked = unknownModelRequested(trace);
  const model = routedTo(trace);
  if (model !== undefined) {
    // Under the name, not beside it: beside a long name the pill widened the list past its box at 1,280 px.
    return (
      <>
        <Label text={trace.requestedModel} />
        <div className="small muted" data-testid="routed-to">
          <span className="pill" title="a route: a name clients call whose policy picks the model per request">route</span>
          {model ? (
            <>
              → <Label text={model} max={24} />
            </>
          ) : null}
        </div>
      </>
    );
  }
  if (asked === undefined) return <Label text={trace.requestedModel} />;
  return (
    <>
      <Label text={asked} />
      <div className="small muted" data-testid="unknown-model" title={`counted as ${UNKNOWN_MODEL} in rollups and metrics`}>
        not configured
      </div>
    </>
  );
}
