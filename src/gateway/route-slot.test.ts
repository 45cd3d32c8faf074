import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routesSchema } from '../config/route-schema.js';
import { openRouteSlot, type RouteSlotDeps } from './route-slot.js';

const dir = mkdtempSync(join(tmpdir(), 'sy-route-slot-'));
const routes = (router: string) => routesSchema.parse({ smart: { policy: 'learned', router, cheap: 'small', strong: 'big' } });
// A learned route's file is read before anything else of the slot is touched.
const deps = (router: string) => ({ routes: routes(router), baseDir: dir }) as unknown as RouteSlotDeps;

describe('openRouteSlot with a learned route', () => {
  it('names the route whose router file is missing, and how to make one', async () => {
    // Before: "router file /…/routers/smart.json: cannot read it: ENOENT …", naming no route.
    await expect(openRouteSlot(deps('routers/smart.json'))).rejects.toThrow(
      `routes.smart.router: router file ${join(dir, 'routers/smart.json')}: cannot read it: no such file (nor folder ${join(dir, 'routers')}) (train one: switchyard router train --data OUTCOMES.jsonl --out routers/smart.json, or --from-run RUN / --from-reviews with --weak CHEAP --strong STRONG)`,
    );
  });

  it('names the route whose router file is not a router, without the training hint', async () => {
    writeFileSync(join(dir, 'notes.json'), '{"hello": 1}');
    const refused = openRouteSlot(deps('notes.json'));
    await expect(refused).rejects.toThrow(/^routes\.smart\.router: router file .*notes\.json: /);
    await expect(refused).rejects.not.toThrow(/train one/);
  });
});
