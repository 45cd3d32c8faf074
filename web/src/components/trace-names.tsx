import type { TraceSummary } from '../types.js';
import { Label } from './ui.js';

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
 */
export function routedTo(trace: Pick<TraceSummary, 'requestedModel' | 'decisions'>): string | undefined {
  const route = trace.decisions?.route as { steps?: { route?: string }[]; model?: string } | undefined;
  if (route?.steps?.[0]?.route !== trace.requestedModel) return undefined;
  return typeof route.model === 'string' ? route.model : '';
}
