#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` via the prepare script).
import('../dist/cli/main.js').then((m) => m.main(process.argv)).catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
    process.stderr.write('tm: the CLI is not built yet. Run `npm install` (or `npm run build`) in the tm folder.\n');
    process.exit(2);
  }
  process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
  process.exit(2);
});
