/**
 * Node's `Buffer` global for the browser bundle, from the npm package `buffer` (the browser port
 * of Node's Buffer; `buffer/` with the slash names the package, not Node's module). ioredis-mock
 * asks `Buffer.isBuffer(value)` of every value it stores; the bundler injects this export wherever
 * a module uses `Buffer` without importing it.
 */
export { Buffer } from 'buffer/';
