/**
 * A traced request's conversation and its answer (read by `conversation-messages.ts`). Everything
 * here is untrusted model and user content: it is only rendered as React text children, never as
 * HTML.
 */
import { requestMessages, responseMessage } from '../conversation-messages.js';
import { fullTime } from '../format.js';

// A coding agent resends its system prompt (tens of thousands of characters), reminders and whole
// files on every turn: long messages are folded to their start, so the turn fits on screen.
const FOLD_AT = 2_000;

function MessageText({ text }: { text: string }) {
  if (text.length <= FOLD_AT) return <div className="msg-text">{text}</div>;
  return (
    <details className="msg-text">
      <summary>{`${text.slice(0, 300)}… (${text.length.toLocaleString('en')} characters: show all)`}</summary>
      {text.slice(300)}
    </details>
  );
}

/** `purged`: the trace's `decisions.purged`, when a knowledge purge blanked the answer (it says when, not what). */
export function Conversation({ request, response, purged }: { request: unknown; response: unknown; purged?: unknown }) {
  const messages = requestMessages(request);
  const answer = responseMessage(response);
  return (
    <div className="conversation">
      {messages.map((m, i) => (
        <div key={i} className={`msg role-${m.role}`}>
          <div className="msg-role">{m.role}</div>
          <MessageText text={m.text} />
        </div>
      ))}
      {answer ? (
        <div className="msg role-answer" data-testid="answer">
          <div className="msg-role">answer</div>
          {/* The answer is what the page is read for, so it is never folded; a long one scrolls in a box of its own
              (a 10,000-character answer made a phone's trace page 7,600 px tall, the attempts and routing at its far end). */}
          {answer.text.length > FOLD_AT ? (
            <>
              <div className="msg-text long-answer" tabIndex={0} data-testid="long-answer">
                {answer.text}
              </div>
              <div className="muted small">{answer.text.length.toLocaleString('en')} characters: the rest scrolls in the box</div>
            </>
          ) : (
            <div className="msg-text">{answer.text}</div>
          )}
        </div>
      ) : typeof (purged as { at?: unknown } | undefined)?.at === 'number' ? (
        <div className="muted" data-testid="answer-purged">{`The answer was blanked on ${fullTime((purged as { at: number }).at)} by a purge of the knowledge documents it was grounded in.`}</div>
      ) : (
        <div className="muted">No response body (the call failed, or traces keep metadata only).</div>
      )}
    </div>
  );
}
