/**
 * Number formats shared by every rendering, so the table, the text and the narration agree.
 */

/** "312.4ms" below a second, "2.35s" above. */
export function formatMs(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)}s` : `${value.toFixed(1)}ms`;
}

/** Minor units as a plain decimal amount ("40.00"). */
export function formatMoney(minorUnits: number): string {
  return (minorUnits / 100).toFixed(2);
}

/** 0.123 -> "12.3%". */
export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}
