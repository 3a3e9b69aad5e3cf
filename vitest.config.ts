import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code they test (*.test.ts). Browser tests live in
// tests/browser and run through scripts/run-browser-tests.mjs against a built site.
export default defineConfig({
  test: {
    include: [
      'engine/**/*.test.ts',
      'cli/**/*.test.ts',
      'components/**/*.test.{ts,tsx}',
      'verify/**/*.test.ts',
      'scripts/**/*.test.ts',
      'content/**/*.test.ts',
    ],
    exclude: ['node_modules', 'dist', 'tests/browser/**'],
    testTimeout: 20000,
  },
});
