/**
 * The process entry point: real streams, real exit code.
 */
import { main } from './main.js';
import { processIo } from './cli-io.js';

process.exitCode = await main(process.argv.slice(2), processIo());
