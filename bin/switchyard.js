#!/usr/bin/env node
import('../dist/cli/main.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    console.error('switchyard: not built yet. Run `npm ci` (or `npm run build`) in the checkout first.');
    process.exit(1);
  }
  throw error;
});
