/**
 * The process entry point: real streams, real exit code.
 */
import { processIo } from './cli-io.js';
import { EXIT_INTERNAL_ERROR } from './exit-codes.js';
import { internalErrorReport, main } from './main.js';

const argv = process.argv.slice(2);

// What escapes main() (an error on a stream, in a callback) is a bug like any other: one line
// and exit 70, not Node's stack trace and exit 1, which means "an expectation did not hold".
process.on('uncaughtException', (error) => {
  try {
    process.stderr.write(internalErrorReport(error, argv));
  } finally {
    process.exit(EXIT_INTERNAL_ERROR);
  }
});

// `idemsim compare | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

process.exitCode = await main(argv, processIo());
