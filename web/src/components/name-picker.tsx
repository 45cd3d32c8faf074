import { type KeyboardEvent, useId, useMemo, useState } from 'react';
import { shortLabel } from './ui.js';

/** Names listed at once: a config with 316 models made a select of 316 rows nobody could scan. */
const SHOWN = 50;

/**
 * The names containing `query` (ignoring case), those starting with it first, each group in the
 * given order.
 *
 * @example matchingNames(['gpt-4o', 'my-gpt', 'claude'], 'GPT') // ['gpt-4o', 'my-gpt']
 */
export function matchingNames(names: readonly string[], query: string): string[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...names];
  const starting: string[] = [];
  const containing: string[] = [];
  for (const name of names) {
    const at = name.toLowerCase().indexOf(q);
    if (at === 0) starting.push(name);
    else if (at > 0) containing.push(name);
  }
  return [...starting, ...containing];
}

/**
 * A name chosen from a long list by typing: a combobox whose list filters as one types (by
 * substring, ignoring case) and renders at most 50 names, saying how many more match. Arrow keys
 * move, Enter picks, Escape puts the current name back. Long names are cut, whole on hover;
 * `tagOf` marks some names (a route among models) with a word after them.
 *
 * @example <NamePicker label="route" names={models} value={shown} onPick={(name) => navigate('/monitoring', { route: name })} />
 */
export function NamePicker({ label, names, value, onPick, tagOf }: { label: string; names: readonly string[]; value: string; onPick: (name: string) => void; tagOf?: (name: string) => string | undefined }) {
  // null: closed, the input shows `value`; a string: what is typed, the list open.
  const [query, setQuery] = useState<string | null>(null);
  // The name just picked, shown while `value` is still the one it was picked over: the pick reaches
  // the page through the URL (a hashchange a task later), and the input showed the old name for a
  // frame in between. Any new `value` (the pick arriving, or Back) is shown as it is.
  const [picked, setPicked] = useState<{ name: string; over: string } | null>(null);
  // Forgotten once `value` moves (set in render, React's pattern for state derived from a prop), so
  // going Back to the old name later shows it.
  if (picked !== null && picked.over !== value) setPicked(null);
  const current = picked !== null && picked.over === value ? picked.name : value;
  const [active, setActive] = useState(0);
  const list = useId();
  const matches = useMemo(() => (query === null ? [] : matchingNames(names, query)), [names, query]);
  const shown = matches.slice(0, SHOWN);
  const pick = (name: string) => {
    setQuery(null);
    if (name === current) return;
    setPicked({ name, over: value });
    onPick(name);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') setQuery(null);
    else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (query === null) return setQuery('');
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => Math.min(Math.max(i + step, 0), Math.max(shown.length - 1, 0)));
    } else if (e.key === 'Enter') {
      const chosen = shown[active];
      if (query !== null && chosen !== undefined) pick(chosen);
    }
  };
  return (
    <div className="name-picker">
      <input
        type="text"
        role="combobox"
        aria-label={label}
        aria-expanded={query !== null}
        aria-controls={list}
        aria-autocomplete="list"
        aria-activedescendant={query !== null && shown[active] !== undefined ? `${list}-${active}` : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder={`type to find a ${label}`}
        title={current}
        value={query ?? current}
        onFocus={(e) => (setQuery(''), setActive(Math.max(names.slice(0, SHOWN).indexOf(current), 0)), e.target.select())}
        onChange={(e) => (setQuery(e.target.value), setActive(0))}
        onKeyDown={onKeyDown}
        onBlur={() => setQuery(null)}
      />
      {query !== null ? (
        <ul className="name-picker-list" role="listbox" id={list} aria-label={`${label} names`}>
          {shown.map((name, i) => (
            // mousedown would blur the input (closing the list) before the click lands.
            <li key={name} id={`${list}-${i}`} role="option" aria-selected={i === active} title={name} className={i === active ? 'active' : undefined} onMouseDown={(e) => e.preventDefault()} onMouseEnter={() => setActive(i)} onClick={() => pick(name)}>
              <bdi>{shortLabel(name)}</bdi>
              {tagOf?.(name) ? <span className="pill name-tag">{tagOf(name)}</span> : null}
            </li>
          ))}
          {matches.length > shown.length ? (
            <li className="muted small" data-testid="picker-more">
              {matches.length - shown.length} more match: type to narrow the list
            </li>
          ) : null}
          {matches.length === 0 ? (
            <li className="muted small" data-testid="picker-none">
              No name contains “{shortLabel(query.trim())}”.
            </li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}
