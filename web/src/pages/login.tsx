import { type FormEvent, useState } from 'react';
import { api } from '../api.js';
import { ErrorBox } from '../components/ui.js';
import type { SessionInfo } from '../types.js';

/**
 * Sign in with a reviewer name and the admin key; in open mode the name alone. `ended` is the name
 * of a session that ended while a page was open: said so, and filled in.
 */
export function LoginPage({ session, onDone, ended = null }: { session: SessionInfo; onDone: (s: SessionInfo) => void; ended?: string | null }) {
  const [name, setName] = useState(session.name ?? ended ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const result = await api<SessionInfo>('/api/session', { method: 'POST', body: { name, password } });
      onDone({ ...session, ...result });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="login">
      <form onSubmit={submit} className="card">
        <h1>Switchyard</h1>
        {session.banner ? <div className="banner">{session.banner}</div> : null}
        {ended !== null ? (
          <p className="muted" data-testid="session-ended">
            Your session ended (signed out everywhere, unused for server.session_idle_minutes, past server.session_max_hours, or the admin key changed). Sign in again to go back to this page.
          </p>
        ) : null}
        <label>
          Your name (reviews are signed with it)
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} autoFocus required />
        </label>
        {session.mode === 'protected' ? (
          <label>
            {session.reviewerKey ? 'Admin key or reviewer key' : 'Admin key'}
            <input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </label>
        ) : null}
        <ErrorBox error={error} />
        <button type="submit" className="primary">
          Sign in
        </button>
      </form>
    </div>
  );
}
