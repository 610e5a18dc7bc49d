import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The README's library example imports the package by name, as a user would (tsconfig.json maps it too).
  resolve: { alias: { idemsim: fileURLToPath(new URL('./src/index.ts', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts'],
    // Simulations are CPU-bound and deterministic; the default 5 s is tight on a loaded 2-core box.
    testTimeout: 60_000,
  },
});
