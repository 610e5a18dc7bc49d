/**
 * Play's knobs for a strategy's own settings, one per setting, read from its `defaults`: a
 * duration (`lockTtlMs`, shown and typed as `10s`), a number, a switch (true or false) or a word.
 * A user's strategy gets knobs the same way as a built-in one. A value is checked as a run will
 * check it, the strategy's own `validateConfig` included, so a word it does not take is asked
 * again with the strategy's reason.
 *
 * The knob writes the setting as a scenario file writes it (`lockTtl: '1.5s'`), so an exported
 * setup reads back to the very scenario that ran.
 */
import type { Strategy } from '../strategies/strategy.js';
import type { Knob, KnobOption, Parsed } from './knob.js';
import { duration } from './scenario-file-writer.js';
import type { Scenario } from './scenario.js';
import { settingFileName, strategyConfigFrom, withStrategySettings } from './strategy-settings.js';
import { parseDurationMs } from './units.js';

type Form = 'duration' | 'number' | 'switch' | 'word';

const SWITCH: readonly KnobOption[] = [
  { value: 'true', help: 'on' },
  { value: 'false', help: 'off' },
];

const FORM_WORDS: Readonly<Record<Form, string>> = {
  duration: 'a duration',
  number: 'a number',
  switch: 'true or false',
  word: 'a word',
};

/** A knob for each setting of the strategy that is a duration, a number, a switch or a word. */
export function strategyKnobs(strategy: Strategy): Knob[] {
  const defaults = strategy.defaults as Readonly<Record<string, unknown>>;
  return Object.entries(defaults).flatMap(([field, fallback]) => {
    const form = formOf(field, fallback);
    return form === undefined ? [] : [settingKnob(strategy, field, form)];
  });
}

function formOf(field: string, fallback: unknown): Form | undefined {
  if (typeof fallback === 'number') return settingFileName(field) === field ? 'number' : 'duration';
  if (typeof fallback === 'boolean') return 'switch';
  if (typeof fallback === 'string') return 'word';
  return undefined;
}

function settingKnob(strategy: Strategy, field: string, form: Form): Knob {
  const written = settingFileName(field);
  const show = (value: unknown): string =>
    form === 'duration' && typeof value === 'number' ? duration(value) : String(value);
  const fallback = (strategy.defaults as Readonly<Record<string, unknown>>)[field];
  return {
    id: `strategies.${strategy.name}.${written}`,
    label: `${strategy.name} ${written}`,
    help: `${strategy.name}'s setting ${written}: ${FORM_WORDS[form]} (default ${show(fallback)})`,
    show: (scenario) => show(currentValue(strategy, field, scenario)),
    set: (scenario, text) => {
      const value = parseForm(form, text);
      if (!value.ok) return value;
      return checked(
        strategy,
        written,
        withStrategySettings(scenario, strategy.name, { [written]: value.value }),
      );
    },
    ...(form === 'switch' ? { options: SWITCH } : {}),
  };
}

/** The scenario's value for the setting, else the strategy's default. */
function currentValue(strategy: Strategy, field: string, scenario: Scenario): unknown {
  const configured = strategyConfigFrom(strategy, scenario.strategyConfig[strategy.name]);
  const config = (configured.ok ? configured.config : strategy.defaults) as Readonly<Record<string, unknown>>;
  return config[field];
}

/** The value as a file writes it: a duration as text ("1.5s"), the rest as their type. */
function parseForm(form: Form, text: string): Parsed<unknown> {
  const trimmed = text.trim();
  switch (form) {
    case 'duration': {
      const ms = parseDurationMs(trimmed);
      if (ms === undefined) return { ok: false, problem: 'expected a duration like 1.5s or 250ms' };
      if (ms <= 0) return { ok: false, problem: 'must be more than 0' };
      return { ok: true, value: duration(ms) };
    }
    case 'number': {
      const value = Number(trimmed);
      if (trimmed === '' || !Number.isFinite(value))
        return { ok: false, problem: 'expected a number, like 3' };
      return { ok: true, value };
    }
    case 'switch':
      if (trimmed === 'true' || trimmed === 'false') return { ok: true, value: trimmed === 'true' };
      return { ok: false, problem: 'expected true or false' };
    case 'word':
      return trimmed === '' ? { ok: false, problem: 'expected a value' } : { ok: true, value: trimmed };
  }
}

/** The changed scenario, unless the strategy refuses the setting (its reason, without the path). */
function checked(strategy: Strategy, written: string, scenario: Scenario): Parsed<Scenario> {
  const configured = strategyConfigFrom(strategy, scenario.strategyConfig[strategy.name]);
  const prefix = `strategies.${strategy.name}.${written}: `;
  const own = configured.ok ? [] : configured.problems.filter((problem) => problem.startsWith(prefix));
  if (own.length === 0) return { ok: true, value: scenario };
  return { ok: false, problem: own.map((problem) => problem.slice(prefix.length)).join('; ') };
}
