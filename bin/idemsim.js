#!/usr/bin/env node
// Thin entry: the compiled CLI lives in dist/ (built by `npm install` through the prepare script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/bin.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'idemsim: not built yet; run `npm install` (or `npm run build`) in the idemsim folder\n',
  );
  process.exit(2);
}
await import(entry.href);
