import { describe, expect, it } from 'vitest';
import { unknownRoute } from './plan-deletion.js';

describe('an unknown route refused', () => {
  it('names the first 20 routes with versions, each cut short, then how many more', () => {
    const routes = Array.from({ length: 2_000 }, (_, i) => `route-${String(i).padStart(4, '0')}-${'x'.repeat(i === 0 ? 5_000 : 0)}`);
    const error = unknownRoute('nope', routes);
    expect(error.status).toBe(404);
    expect(error.message).toMatch(/^route "nope" has no model versions in the registry \(routes with versions: "route-0000-x{80,}…", "route-0001-", .*"route-0019-", … and 1,980 more\)$/);
    expect(error.message.length).toBeLessThan(600);
  });

  it('names the one a typo meant and every route when there are few', () => {
    expect(unknownRoute('suport', ['support', 'billing']).message).toBe('route "suport" has no model versions in the registry; did you mean "support"? (routes with versions: "billing", "support")');
  });
});
