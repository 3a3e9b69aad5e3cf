// Vite/vitest `?raw` imports: the fixtures and golden files load as strings in tests,
// without Node's fs (the engine lint forbids node:* imports under engine/).
declare module '*?raw' {
  const text: string;
  export default text;
}
