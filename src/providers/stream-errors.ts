import { SwitchyardError } from '../core/errors.js';

/** The error for an upstream stream that ended before its answer was complete. */
export function incompleteStream(provider: string): SwitchyardError {
  return new SwitchyardError('upstream_error', `provider "${provider}" ended the stream before the answer was complete`, { status: 502 });
}

/**
 * The error for an error event inside an upstream stream. OpenAI, Anthropic and Gemini all keep
 * the message at `error.message`; anything else is quoted, bounded.
 */
export function streamErrorEvent(provider: string, data: string, status = 502): SwitchyardError {
  let message = data.slice(0, 300);
  try {
    const body = JSON.parse(data) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // keep the raw text
  }
  return new SwitchyardError('upstream_error', `provider "${provider}" sent an error mid-stream: ${message}`, { status });
}
