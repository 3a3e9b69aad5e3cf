#!/usr/bin/env node
// Entry point for the `packetpath` bin. The CLI and the engine are TypeScript run
// directly through Node's type stripping, which needs Node 24 (see .nvmrc).
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(
    `packetpath: needs Node.js 24 or later (this is ${process.version}); run it through npm: npx packetpath …\n`,
  );
  process.exit(1);
}
// A reader that goes away early (`packetpath … | head`) is not an error: stop quietly,
// as coreutils do on EPIPE, instead of crashing with an unhandled 'error' event.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readStdin: async () => {
    const chunks = [];
    for await (const c of process.stdin) chunks.push(c);
    return Buffer.concat(chunks).toString('utf8');
  },
});
