import { type FormEvent, useState } from 'react';
import { api } from '../api.js';
import { ErrorBox } from '../components/ui.js';
import type { SessionInfo } from '../types.js';

/** What a reviewer account's personal key starts with: it names its reviewer, so no name is typed. */
const PERSONAL_KEY = 'sk-rv-';

/**
 * Sign in with a reviewer name and the admin key (or `server.reviewer_key`), or with a personal
 * reviewer key alone; in open mode the name alone, or a personal key alone. `ended` is the name of a session that ended
 * while a page was open: said so (with the server's reason when it gives one), and filled in.
 */
export function LoginPage({ session, onDone, ended = null }: { session: SessionInfo; onDone: (s: SessionInfo) => void; ended?: string | null }) {
  // A revoked reviewer's name is not filled in: their key is refused, and typing it is too.
  const [name, setName] = useState(session.name ?? (session.ended === undefined ? ended : null) ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const result = await api<SessionInfo>('/api/session', { method: 'POST', body: { name, password } });
      // A reason the last session ended is not this one's.
      onDone({ ...session, ended: undefined, ...result });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <main className="login">
      <form onSubmit={submit} className="card">
        <h1>Switchyard</h1>
        {session.banner ? <div className="banner">{session.banner}</div> : null}
        {ended !== null || session.ended !== undefined ? (
          <p className="muted" data-testid="session-ended">
            {session.ended !== undefined
              ? `${session.ended.charAt(0).toUpperCase()}${session.ended.slice(1)}.`
              : 'Your session ended (signed out everywhere, unused for server.session_idle_minutes, past server.session_max_hours, or the admin key changed). Sign in again to go back to this page.'}
          </p>
        ) : null}
        <label>
          Your name (reviews are signed with it; leave it empty with a personal reviewer key)
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} autoFocus required={!password.startsWith(PERSONAL_KEY)} />
        </label>
        {session.mode === 'protected' ? (
          <label>
            {session.reviewerKey ? 'Admin key or reviewer key (shared, or your personal one)' : 'Admin key or personal reviewer key'}
            <input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </label>
        ) : (
          // Open mode needs no key, but a reviewer with an account signs in as themselves with theirs.
          <label>
            Personal reviewer key (optional: signs you in as your reviewer account)
            <input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
        )}
        <ErrorBox error={error} />
        <button type="submit" className="primary">
          Sign in
        </button>
      </form>
    </main>
  );
}
