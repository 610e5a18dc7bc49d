/**
 * The matrix's marks: each harm's letter from the catalogue (checks/harm-catalogue.ts), `ok` for
 * none, and the legend that spells them out.
 */
import { HARM_CATALOGUE, harmEntry, type Harm } from '../checks/harm-catalogue.js';

export function harmLetters(harms: readonly Harm[]): string {
  return harms.length === 0 ? 'ok' : harms.map((harm) => harmEntry(harm).letter).join(' ');
}

export const HARM_LEGEND = [
  ...HARM_CATALOGUE.map((entry) => `${entry.letter} ${entry.name}`),
  'ok none',
].join(' · ');
