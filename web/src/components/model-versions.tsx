import { useState } from 'react';
import { api } from '../api.js';
import { count, pct, time } from '../format.js';
import { trainedOnText } from '../../../src/local/registry/trained-on-text.js';
import type { ModelVersion, RoutePin } from '../types.js';
import { ConfirmButton, EmptyRow, ErrorBox, Label, Loading } from './ui.js';

/** A version as `GET /api/models` lists it: the registry's row plus whether it serves, and whether the config has its route. */
export type ListedVersion = ModelVersion & { live: boolean; pinned: boolean; inConfig?: boolean };

/** Versions listed before "Show all": the newest, and the live one wherever it is. */
const VERSIONS_SHOWN = 8;

/** What `DELETE /api/models/:route` answers (`deleteModels`, as `switchyard models delete` prints it). */
interface DeleteChange {
  deleted: number[];
  routeRemoved: boolean;
  pinReleased: string | null;
  wasLive: number | null;
  /** The route is gone and these labelled examples stay in the store. */
  examplesKept?: number;
}

/**
 * A route's local model versions, newest first, with the registry's actions: promote a version
 * that is not live (the server checks it against the route's bar), demote the live one, roll the
 * route back. Each acts from the version shown live: a change since (another operator, retraining,
 * the shadow monitor) is refused, naming both versions, in the card. Each pins the route
 * (retraining stops promoting) until Unpin. Delete removes a version that is not live, or the
 * whole route (the API `switchyard models delete` uses; the whole route is forced only when the
 * page shows a version live, and the question says so). Each asks first; a refusal (the server
 * names the shortfall) shows in the card.
 *
 * `versions` is undefined until the registry's list is read (or when reading it failed, `error`):
 * the card then says so, not "no versions registered", and offers no action on a list it lacks.
 *
 * @example <ModelVersions route="support-intent" versions={byRoute.get('support-intent') ?? []} onChanged={reload} />
 */
export function ModelVersions({ route, versions: listed, error, pin, onChanged }: { route: string; versions: readonly ListedVersion[] | undefined; error?: string; pin: RoutePin | undefined; onChanged: () => void }) {
  const [failure, setFailure] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const [all, setAll] = useState(false);
  if (listed === undefined) {
    return (
      <div className="model-versions" data-testid={`versions-${route}`}>
        <h3>Local model versions</h3>
        {error ? <ErrorBox error={`The model registry could not be read: ${error}`} /> : <Loading what="versions" />}
      </div>
    );
  }
  const versions = listed;
  const live = versions.find((v) => v.live)?.version ?? null;
  // Retraining registers a version every retrain_every examples: a route a few months old has
  // dozens (25 took 2,700 px of a phone). The newest few and the live one, the rest on asking.
  const shown = all ? versions : versions.filter((v, i) => i < VERSIONS_SHOWN || v.live);
  const base = `/api/models/${encodeURIComponent(route)}`;
  const run = async (call: () => Promise<string>) => {
    setFailure(undefined);
    setDone(undefined);
    try {
      setDone(await call());
    } catch (e) {
      setFailure((e as Error).message);
    }
    // The list is re-read either way: another replica or the CLI may have changed it meanwhile.
    onChanged();
  };
  const act = (action: string, body?: unknown) =>
    run(async () => {
      const change = await api<{ live?: number | null; reason?: string; released?: string }>(`${base}/${action}`, { method: 'POST', body });
      return change.released !== undefined ? 'Unpinned: automatic retraining promotes versions that meet the bar again.' : `${change.live === null ? 'No version live' : `v${change.live} live`}: ${change.reason}`;
    });
  /** One version (never the live one: the server refuses it), or the whole route. */
  const remove = (version?: number) =>
    run(async () => {
      const query = version !== undefined ? `?version=${version}` : live !== null ? '?force=true' : '';
      const change = await api<DeleteChange>(`${base}${query}`, { method: 'DELETE' });
      const parts = [`Deleted ${change.deleted.map((v) => `v${v}`).join(', ')}`];
      if (change.routeRemoved) parts.push('no versions left: the route is gone from the registry, with its history');
      if (change.wasLive !== null) parts.push(`v${change.wasLive} was live: every request escalates to the route's target`);
      if (change.pinReleased !== null) parts.push(`pin released (was: ${change.pinReleased})`);
      // Not the registry's: a route registered again under this name would learn from them unawares.
      const kept = change.examplesKept ?? 0;
      if (kept > 0) parts.push(`its ${count(kept)} labelled example${kept === 1 ? ' stays' : 's stay'} in the store, for a route registered again as ${route} to learn from (switchyard models delete ${route} --examples deletes ${kept === 1 ? 'it' : 'them'})`);
      return `${parts.join('; ')}.`;
    });
  const wholeRoute = `Delete all ${versions.length} version${versions.length === 1 ? '' : 's'} of ${route}, with the route's pin and history?${live === null ? '' : ` v${live} is live: every request to ${route} escalates to its target.`} This cannot be undone.`;
  return (
    <div className="model-versions" data-testid={`versions-${route}`}>
      <div className="toolbar">
        <h3>Local model versions</h3>
        {/* `from` is the version this page shows live: if another is live by the time the click
            arrives (another operator, retraining, the shadow monitor), the server refuses with what
            is live now rather than acting on a version the operator never saw. Promote and Demote
            send it too. */}
        {/* Nothing registered, nothing to roll back to: the button only led to a refusal. */}
        {versions.length > 0 ? (
          <ConfirmButton
            label="Roll back"
            question={live === null ? `Roll ${route} back to the last version that was live?` : `Roll ${route} back from v${live} to the version live before it?`}
            yes="Roll back"
            onConfirm={() => void act('rollback', { from: live })}
          />
        ) : null}
        {versions.length > 0 ? <ConfirmButton label="Delete route" question={wholeRoute} yes="Delete all" onConfirm={() => void remove()} /> : null}
      </div>
      {pin ? (
        <div className="small muted" data-testid={`pin-${route}`}>
          Pinned (<Label text={pin.reason} max={60} />, {time(pin.at)}): automatic retraining registers new versions but promotes none until unpinned.{' '}
          <ConfirmButton label="Unpin" question={`Let automatic retraining promote on ${route} again?`} yes="Unpin" onConfirm={() => void act('unpin', {})} />
        </div>
      ) : null}
      <ErrorBox error={failure} />
      {done ? (
        <div className="ok-text" data-testid="model-change">
          {done}
        </div>
      ) : null}
      <table className="table stack">
        <thead>
          <tr>
            <th>version</th>
            <th>status</th>
            <th className="num">held-out precision</th>
            <th className="num">coverage</th>
            {/* Held-out ones, the figures' base: the route card above counts every training example, a far larger number under the same word. */}
            <th className="num">held-out examples</th>
            {/* Every example the version learnt from, by where it came from (as `switchyard models` prints it). */}
            <th>trained on</th>
            <th>registered</th>
            <th>
              <span className="visually-hidden">actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((v) => (
            <tr key={v.version} data-testid={`version-${v.version}`} className={v.live ? 'live' : undefined}>
              <td data-label="version">v{v.version}</td>
              <td data-label="status">
                <span className={v.live ? 'pill ok' : 'pill'}>{v.status}</span>
                {v.statusReason ? (
                  <div className="small muted">
                    <Label text={v.statusReason} max={60} />
                  </div>
                ) : null}
              </td>
              <td data-label="held-out precision" className="num">{pct(v.metrics.precision)}</td>
              <td data-label="coverage" className="num">{pct(v.metrics.coverage)}</td>
              <td data-label="held-out examples" className="num">{count(v.metrics.examples)}</td>
              <td data-label="trained on" className="muted small">{trainedOnText(v.metrics.trainedOn, count, '\u00a0')}</td>
              <td data-label="registered">{time(v.createdAt)}</td>
              <td data-label="action">
                {/* Both send the version this page shows live, as Roll back does. */}
                {v.live ? (
                  <ConfirmButton label="Demote" question={`Demote v${v.version}? Every request to ${route} escalates to its target.`} yes="Demote" onConfirm={() => void act('demote', { from: live })} />
                ) : (
                  <>
                    <ConfirmButton label="Promote" question={`Make v${v.version} live on ${route}${live === null ? '' : ` in place of v${live}`}?`} yes="Promote" onConfirm={() => void act('promote', { version: v.version, from: live })} />{' '}
                    <ConfirmButton label="Delete" question={`Delete v${v.version} of ${route} and its model file? This cannot be undone.`} yes="Delete" onConfirm={() => void remove(v.version)} />
                  </>
                )}
              </td>
            </tr>
          ))}
          {versions.length === 0 ? (
            <EmptyRow columns={8}>
              No versions registered for <Label text={route} /> yet.
            </EmptyRow>
          ) : null}
        </tbody>
      </table>
      {versions.length > shown.length || all ? (
        <button type="button" className="link" onClick={() => setAll(!all)}>
          {all ? `Show the newest ${VERSIONS_SHOWN}` : `Show all ${versions.length} versions`}
        </button>
      ) : null}
    </div>
  );
}
