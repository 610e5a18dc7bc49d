/**
 * `{ ...source, ...fields }`, made the way Node 20's V8 makes quickly.
 *
 * V8 11 (Node 20) builds an object literal that spreads one object and then adds a key the source
 * lacks (`{ ...response, answeredAtMs }`) in about 0.4-0.5 µs instead of 15-60 ns, and, once the
 * code is optimized, gives every object it makes a hidden class of its own, so whatever reads
 * those objects later goes megamorphic. `Object.assign` onto a fresh object copies the same own
 * enumerable properties in the same order, then sets `fields` over any of the same name, as the
 * spread does; it differs only for an own property named `__proto__`, which the simulator's own
 * records never have (do not use it on a user's keys). A spread that only overwrites keys the
 * source has is fast, and needs no helper.
 */
export function withFields<Source extends object, Fields extends object>(
  source: Source,
  fields: Fields,
): Omit<Source, keyof Fields> & Fields {
  return Object.assign({}, source, fields);
}
