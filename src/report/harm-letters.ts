/**
 * The legend of MECHANISMS.md: D double charge, L lost payment, F charged but told failed,
 * S stuck, ok none of these.
 */
import type { Harm } from '../scenario/scenario.js';

const LETTER: Readonly<Record<Harm, string>> = {
  'double-charge': 'D',
  'lost-payment': 'L',
  'charged-but-failed': 'F',
  'wrong-replay': 'W',
  stuck: 'S',
};

export function harmLetters(harms: readonly Harm[]): string {
  return harms.length === 0 ? 'ok' : harms.map((harm) => LETTER[harm]).join(' ');
}

export const HARM_LEGEND =
  'D double charge · L lost payment · F charged but told failed · W wrong replay · S stuck · ok none';
