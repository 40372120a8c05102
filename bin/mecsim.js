#!/usr/bin/env node
import { main } from '../dist/cli/main.js';
import { describeFailure } from '../dist/cli/exit-status.js';

// A reader that stops early (`mecsim solve ... | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    const failure = describeFailure(err);
    process.stderr.write(`${failure.message}\n`);
    process.exitCode = failure.status;
  },
);
