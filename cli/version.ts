/** Kept in step with package.json's version by cli/main.test.ts. */
export const VERSION = '0.1.0';
