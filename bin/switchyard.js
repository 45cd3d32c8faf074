#!/usr/bin/env node
import('../dist/cli/main.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    // npm ci builds through `prepare`, except with scripts off (--ignore-scripts, ignore-scripts=true
    // in an .npmrc): name the build itself, which works either way.
    console.error('switchyard: not built yet (no dist/cli/main.js). Run `npm run build && npm run build:web` in the checkout (npm ci does both, unless npm scripts are off: --ignore-scripts).');
    process.exit(1);
  }
  throw error;
});
