/** A secret the API returned: shown here once, never again. */
export function SecretBox({ name, secret, note, warnings = [], onDone }: { name: string; secret: string; note: string; warnings?: readonly string[]; onDone: () => void }) {
  return (
    <div className="card" data-testid="new-secret">
      <p>
        <strong>{name}</strong>: copy this key now, it is not shown again. {note}
      </p>
      {/* The server names each allowed model this gateway cannot serve (a typo, a model not added yet). */}
      {warnings.map((warning) => (
        <p key={warning} className="small muted" data-testid="new-secret-warning">
          Note: {warning}
        </p>
      ))}
      <code className="mono" data-testid="secret-value">
        {secret}
      </code>{' '}
      <button type="button" onClick={() => void navigator.clipboard?.writeText(secret)}>
        Copy
      </button>{' '}
      <button type="button" onClick={onDone}>
        Done
      </button>
    </div>
  );
}
