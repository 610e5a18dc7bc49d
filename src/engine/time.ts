/**
 * Virtual time is a number of milliseconds since the start of the run.
 *
 * Random durations are rounded to whole microseconds, so traces print short, stable numbers and
 * float noise never decides the order of two events.
 */

export function roundToMicros(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
