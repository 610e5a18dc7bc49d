/**
 * The process entry point: real streams, real exit code.
 */
import { main } from './main.js';
import { processIo } from './cli-io.js';

// `idemsim compare | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2), processIo());
