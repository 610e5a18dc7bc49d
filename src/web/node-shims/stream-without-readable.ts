/**
 * Node's `stream` in the browser bundle: ioredis-mock defines its SCAN streams (scanStream and
 * the like) as Readable subclasses when it loads, and no strategy uses them. A subclass may be
 * defined; making one says why it cannot be.
 */
export class Readable {
  constructor() {
    throw new Error('Redis scan streams are not available in the browser build of idemsim');
  }
}
