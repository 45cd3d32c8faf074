import { Component, type ReactNode, useState } from 'react';
import { fullTime, time } from '../format.js';

export function ErrorBox({ error }: { error: string | undefined }) {
  if (!error) return null;
  return (
    <div className="error" role="alert">
      {error}
    </div>
  );
}

export function Loading({ what }: { what?: string }) {
  return <div className="muted">Loading{what ? ` ${what}` : ''}…</div>;
}

/** A short time ("13:54:36", dated when not today) whose full date and zone show on hover. */
export function When({ ts }: { ts: number | null | undefined }) {
  return ts ? (
    <time dateTime={new Date(ts).toISOString()} title={fullTime(ts)}>
      {time(ts)}
    </time>
  ) : (
    <>{time(ts)}</>
  );
}

/**
 * Characters past which a name card takes the whole row on a phone: half a 390 px row holds ~12
 * characters of a 20 px name, so a 100-character model name wrapped at its hyphens took 10 lines.
 */
const LONG_NAME = 24;

/** A time and its unit stay on one line ("1.47 s / 2.94 s" wrapped as "1.47 s / 2.94" and "s"). */
function glueUnits(text: string): string {
  return text.replace(/(\d) (m?s)\b/g, '$1\u00a0$2');
}

/**
 * A headline figure; `names` when value and hint are identifiers (a model, a key): wrapped at
 * their spaces and hyphens, inside a word only when one alone is wider than the card, and given
 * the whole row on a phone when the name is long (`LONG_NAME`).
 */
export function Stat({ label, value, hint, badge, names = false, to }: { label: string; value: string; hint?: string; badge?: ReactNode; names?: boolean; to?: string }) {
  // Names come from outside: their hidden characters shown, as in every other place that names them.
  const shown = (text: string) => (names ? nameText(text) : text);
  const body = (
    <>
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-testid={`stat-${label}`}>
        {glueUnits(shown(value))}
      </div>
      {hint || badge ? (
        <div className="stat-hint">
          {hint === undefined ? hint : shown(hint)}
          {hint && badge ? ' ' : null}
          {badge}
        </div>
      ) : null}
    </>
  );
  const className = names ? (value.length > LONG_NAME ? 'stat names long' : 'stat names') : 'stat';
  // A card that counts some calls opens the list of them (`to`, a dashboard link).
  return to ? (
    <a className={`${className} stat-link`} href={to}>
      {body}
    </a>
  ) : (
    <div className={className}>{body}</div>
  );
}

/**
 * Any JSON as indented text. Trace bodies are untrusted: they are only ever rendered as text nodes,
 * bidi controls shown as their JSON escapes (a right-to-left override reversed the rest of its
 * line) and overlong grapheme clusters split (see {@link breakableText}).
 */
export function JsonBlock({ value }: { value: unknown }) {
  const text = value === undefined ? '' : JSON.stringify(value, null, 2).replace(BIDI_CONTROLS, escapeChar);
  return <pre className="json">{breakableText(text)}</pre>;
}

const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Bidi controls and the characters that draw nothing between letters (zero-width space, word joiner, BOM). */
const HIDDEN_IN_NAMES = /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;
const escapeChar = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * A name from outside (a model asked for, a session, a metadata value) as a reader can trust it: bidi
 * controls and invisible characters shown as their escapes. `<bdi>` keeps an override from reordering
 * what stands beside the name, not the name itself: "\u202egnp.exe" read as "exe.png", and a model
 * "small\u200b" as the configured "small".
 *
 * @example nameText('\u202egnp.exe') // '\\u202egnp.exe'
 */
export function nameText(raw: string): string {
  return raw.replace(HIDDEN_IN_NAMES, escapeChar);
}

/** A render error shows a message and a way back, never a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: string | null }> {
  override state = { error: null as string | null };

  static getDerivedStateFromError(error: Error) {
    return { error: error.message };
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="error" role="alert">
          This page failed to render: {this.state.error}.{' '}
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}

/**
 * A name that came from outside (a model, key or metadata value): shown cut to one line with
 * its full text on hover, so a hostile or merely long one cannot stretch a table or chart.
 */
export function Label({ text, max = 40 }: { text: string; max?: number }) {
  return (
    // bdi: a name in a right-to-left script keeps to its box, so " · 07:50" beside it is not reordered.
    <bdi className="clip" title={nameText(text)}>
      {shortLabel(text, max)}
    </bdi>
  );
}

/**
 * `text` cut to `max` characters with an ellipsis, for places that take plain strings (chart legends),
 * its hidden characters shown (see {@link nameText}).
 * Cut between whole characters as a reader sees them: a cut inside an emoji's surrogate pair showed
 * U+FFFD, and one inside a joined emoji (woman + ZWJ + laptop) half a glyph.
 *
 * @example shortLabel('gone-\u{1F5D1}\u{FE0F}\u{1F5D1}\u{FE0F}', 7) // 'gone-\u{1F5D1}\u{FE0F}…' (the wastebasket emoji kept whole)
 */
export function shortLabel(raw: string, max = 40): string {
  const text = breakableText(nameText(raw));
  if (text.length <= max) return text;
  let kept = '';
  // Segmenting stops at the cut: a 10 kB name costs no more than a short one.
  for (const { segment } of graphemes.segment(text)) {
    if (kept.length + segment.length > max - 1) break;
    kept += segment;
  }
  // One "character" longer than the room (a letter under a thousand combining marks): cut by code point.
  return `${kept || Array.from(text.slice(0, max)).slice(0, max - 1).join('')}…`;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The longest grapheme cluster drawn as one: the longest emoji sequences Unicode names (a kiss with
 * two skin tones, a subdivision flag) take 15 UTF-16 units.
 */
const LONGEST_CLUSTER = 16;
/** What can make a cluster longer than that: a joiner, or marks piled on one letter. */
const MAY_BE_OVERLONG = /\u200d|\p{M}{4}/u;

/**
 * `text` for display with no grapheme cluster longer than any Unicode names: a chain of 100 emoji
 * joined by ZWJs is one cluster, which a browser neither wraps nor cuts with an ellipsis, so it drew
 * past its chip and widened the metadata block. Such a chain (drawn as separate emoji anyway) loses
 * its joiners; a letter under more marks than fit keeps the first ones. The whole value stays in
 * the element's title. Names and emoji sequences Unicode defines are left as they are.
 *
 * @example breakableText(`${'\u{1F648}\u200d'.repeat(99)}\u{1F648}`) // '\u{1F648}'.repeat(100), each emoji its own cluster
 */
export function breakableText(text: string): string {
  if (text.length <= LONGEST_CLUSTER || !MAY_BE_OVERLONG.test(text)) return text;
  let out = '';
  for (const { segment } of graphemes.segment(text)) {
    if (segment.length <= LONGEST_CLUSTER) out += segment;
    else if (segment.includes('\u200d')) out += breakableText(segment.replaceAll('\u200d', ''));
    else out += Array.from(segment).slice(0, LONGEST_CLUSTER / 2).join('');
  }
  return out;
}

/**
 * A button whose action waits for a second, explicit click: the first shows what will happen and
 * asks "Yes" or "Cancel" in place. For actions that cannot be taken back (delete, revoke).
 *
 * @example <ConfirmButton label="Delete" question={`Delete rule "${name}"?`} yes="Delete rule" onConfirm={() => remove(id)} />
 */
export function ConfirmButton({ label, question, yes, onConfirm }: { label: string; question: string; yes: string; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="alertdialog" aria-label={question}>
      <span>{question}</span>{' '}
      <button type="button" className="danger" onClick={() => (setAsking(false), onConfirm())}>
        {yes}
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

/**
 * Outside text of any length (a dataset input, a model's answer, a reviewer's correction) in a box
 * of at most 16 lines that scrolls, whole: a 5,000-character input made its table row 2,489 px tall.
 *
 * @example <td className="cell-text"><LongText>{item.input}</LongText></td>
 */
export function LongText({ children }: { children: ReactNode }) {
  return <div className="long-text">{children}</div>;
}

/** The one row of a table with nothing to show, across all its columns: what to do to fill it. */
export function EmptyRow({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={columns} className="muted">
        {children}
      </td>
    </tr>
  );
}

/**
 * A shell command (or one flag of it) as code that wraps only between its words: "--gateway" broke
 * into "--" and "gateway" at a line's end. The spaces stay text, so it copies as typed.
 *
 * @example <Command text="npx --no switchyard loadtest --model NAME" />
 */
export function Command({ text }: { text: string }) {
  return (
    <code className="command">
      {text.split(' ').map((word, i) => (
        <span key={i}>
          {i > 0 ? ' ' : null}
          <span className="word">{word}</span>
        </span>
      ))}
    </code>
  );
}
