import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Simulations are CPU-bound and deterministic; the default 5 s is tight on a loaded 2-core box.
    testTimeout: 60_000,
  },
});
