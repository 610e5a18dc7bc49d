/**
 * Human forms for durations and rates in scenario files: "250ms", "1.5s", "2m", "24h", "30/s".
 * A bare number is taken as ms (durations) or per second (rates).
 */

const DURATION = /^(\d+(?:\.\d+)?)\s*(us|ms|s|m|min|h|d)$/;
const MS_PER_UNIT: Readonly<Record<string, number>> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Parses a duration to ms; undefined when the text is not one. */
export function parseDurationMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = DURATION.exec(value.trim());
  if (match === null) return undefined;
  return Number(match[1]) * (MS_PER_UNIT[match[2] as string] as number);
}

const RATE = /^(\d+(?:\.\d+)?)\s*\/\s*(s|sec|m|min|h)$/;
const PER_SEC: Readonly<Record<string, number>> = { s: 1, sec: 1, m: 1 / 60, min: 1 / 60, h: 1 / 3600 };

/** Parses a rate to events per second; undefined when the text is not one. */
export function parseRatePerSec(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = RATE.exec(value.trim());
  if (match === null) return undefined;
  const rate = Number(match[1]) * (PER_SEC[match[2] as string] as number);
  return rate > 0 ? rate : undefined;
}

/** The shortest exact human form of a duration: 1500 -> "1.5s", 250 -> "250ms". */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms >= size && Number.isInteger((ms / size) * 1000)) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

const BYTES = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)$/i;
const BYTES_PER_UNIT: Readonly<Record<string, number>> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** Parses a size to bytes ("64kb", "1.5mb", or a bare number of bytes); undefined when not one. */
export function parseBytes(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = BYTES.exec(value.trim());
  if (match === null) return undefined;
  const bytes = Math.round(Number(match[1]) * (BYTES_PER_UNIT[(match[2] as string).toLowerCase()] as number));
  return bytes > 0 ? bytes : undefined;
}
