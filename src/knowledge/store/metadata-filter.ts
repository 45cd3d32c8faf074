import { SwitchyardError } from '../../core/errors.js';
import { describeValue } from '../../core/format-issues.js';
import type { MetadataFilter, MetadataValue } from '../types.js';

const FIELD = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_FIELDS = 16;
const MAX_VALUES = 100;

/** A validated filter: field names safe to put in a JSON path, values scalars. */
export interface FilterClause {
  field: string;
  values: MetadataValue[];
}

/**
 * Checks a metadata filter and turns it into clauses (AND across fields, OR within a field's
 * values). Errors name the field and what was expected.
 *
 * @example filterClauses({ team: 'support', year: [2024, 2025] })
 */
export function filterClauses(filter: MetadataFilter | undefined): FilterClause[] {
  if (filter === undefined) return [];
  if (!filter || typeof filter !== 'object' || Array.isArray(filter)) {
    throw new SwitchyardError('invalid_request', `filter must be an object of metadata field → value (or array of values) such as {"team":"support"}, got ${describeValue(filter)}`, { param: 'filter' });
  }
  const entries = Object.entries(filter);
  if (entries.length > MAX_FIELDS) throw new SwitchyardError('invalid_request', `filter has ${entries.length} fields; at most ${MAX_FIELDS}`, { param: 'filter' });
  return entries.map(([field, value]) => {
    if (!FIELD.test(field)) {
      throw new SwitchyardError('invalid_request', `filter field "${field.slice(0, 80)}" must be 1–64 letters, digits, "_" or "-"`, { param: `filter.${field.slice(0, 80)}` });
    }
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0 || values.length > MAX_VALUES) {
      throw new SwitchyardError('invalid_request', `filter.${field} must have 1–${MAX_VALUES} values, got ${values.length}`, { param: `filter.${field}` });
    }
    for (const v of values) {
      const ok = typeof v === 'string' ? v.length <= 1000 : typeof v === 'number' ? Number.isFinite(v) : typeof v === 'boolean';
      if (!ok) throw new SwitchyardError('invalid_request', `filter.${field}: expected strings (≤ 1000 characters), finite numbers or booleans, got ${describeValue(v)}`, { param: `filter.${field}` });
    }
    return { field, values };
  });
}
