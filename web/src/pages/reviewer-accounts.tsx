import { type FormEvent, useState } from 'react';
import type { ReviewerView } from '../../../src/review/manage-reviewers.js';
import { api } from '../api.js';
import { SecretBox } from '../components/secret-box.js';
import { useApi } from '../components/use-api.js';
import { ConfirmButton, EmptyRow, ErrorBox, Label } from '../components/ui.js';
import { time } from '../format.js';

/**
 * Reviewer accounts (the admin's): add a reviewer (their personal key shown once), see who has an
 * account, give one a new key (rotate: the old key and its sessions end), revoke one. The CLI's
 * `switchyard reviewers` does the same.
 */
export function ReviewerAccounts() {
  const list = useApi<{ reviewers: ReviewerView[] }>('/api/reviewers');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [secret, setSecret] = useState<{ name: string; secret: string; rotated?: boolean } | undefined>();
  /** Runs one admin call: its error shown above the table, the list read again after it. */
  const act = async (call: () => Promise<void>) => {
    setError(undefined);
    try {
      await call();
      list.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    return act(async () => {
      const made = await api<ReviewerView & { key: string }>('/api/reviewers', { method: 'POST', body: { name } });
      setSecret({ name: made.name, secret: made.key });
      setName('');
    });
  };
  const rotate = (who: string) =>
    act(async () => {
      const made = await api<ReviewerView & { key: string }>(`/api/reviewers/${encodeURIComponent(who)}/rotate`, { method: 'POST' });
      setSecret({ name: made.name, secret: made.key, rotated: true });
    });
  const revoke = (who: string) =>
    act(async () => {
      await api(`/api/reviewers/${encodeURIComponent(who)}`, { method: 'DELETE' });
    });
  return (
    <div data-testid="reviewer-accounts">
      <p className="muted small">
        Each reviewer signs in with a personal key of their own, and their reviews are signed with their account's name. Revoking one refuses their key and ends their open sessions at their next
        call; the others keep working. (<code>server.reviewer_key</code>, if set, is the shared alternative.)
      </p>
      <ErrorBox error={error ?? list.error} />
      {secret ? <SecretBox name={secret.name} secret={secret.secret} note={secret.rotated ? 'Their new key: give it to them. The old key is refused and the sessions it opened are over.' : 'Give it to the reviewer: they sign in with it, no name to type.'} onDone={() => setSecret(undefined)} /> : null}
      <form className="filters" onSubmit={add}>
        <label>
          Reviewer's name
          <input name="reviewer-name" value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <button type="submit" className="primary">
          Add reviewer
        </button>
      </form>
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Key</th>
            <th>Added</th>
            <th>Status</th>
            <th>
              <span className="visually-hidden">actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.data?.reviewers.length === 0 ? <EmptyRow columns={5}>No reviewer accounts yet.</EmptyRow> : null}
          {list.data?.reviewers.map((r) => (
            <tr key={r.name}>
              <td>
                <Label text={r.name} />
              </td>
              <td className="mono">{r.prefix}…</td>
              <td>
                {time(r.createdAt)} by <Label text={r.createdBy} max={20} />
              </td>
              <td>
                {r.revokedAt === null ? (
                  'active'
                ) : (
                  <>
                    revoked {time(r.revokedAt)} by <Label text={r.revokedBy ?? '?'} max={20} />
                  </>
                )}
              </td>
              <td>
                {r.revokedAt === null ? (
                  <>
                    <ConfirmButton label="New key" question={`Give ${r.name} a new key? The one they have stops working and their open sessions end.`} yes="New key" onConfirm={() => void rotate(r.name)} />{' '}
                    <ConfirmButton label="Revoke" question={`Revoke ${r.name}? Their key stops working and their open sessions end.`} yes="Revoke" onConfirm={() => void revoke(r.name)} />
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
