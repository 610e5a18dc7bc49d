/**
 * What kind of number a field of a scenario file takes, read from the file schema itself (and
 * from the strategies' defaults for their settings, a user's strategy as well as the built-in
 * ones), so that a sweep parses `1s..60s` for a duration, `1..8` for a whole number, and refuses
 * `1s..8s` for a count of payments.
 *
 * It answers only what the schema makes plain. A path it cannot follow (a typo, a field that
 * does not exist) is `undefined`: the loader then judges the value and names the problem itself.
 */
import { z } from 'zod';
import type { Strategy } from '../strategies/strategy.js';
import type { FieldPath } from './field-path.js';
import { formatPath } from './schema-issues.js';
import { scenarioFileSchema } from './scenario-schema.js';
import { bytes, duration, latency, latencyDistribution, rate } from './schema-primitives.js';
import { settingFileName } from './strategy-settings.js';

/** duration: ms; rate: per second; size: bytes (whole); integer: whole numbers; number: any. */
export type FieldKind = 'duration' | 'rate' | 'size' | 'integer' | 'number';

/** A kind, a problem to tell the user (after the field's path), or undefined when the schema does not say. */
export type KindAnswer = FieldKind | { readonly problem: string } | undefined;

const NOT_NUMERIC =
  'not a number; a sweep varies numbers, durations, rates and sizes (for a choice like this, compare two scenario files)';

/**
 * `file` is the parsed YAML: where the schema branches on a value (a fault's kind), it decides.
 * `known`: the strategies whose settings `strategies.<name>.<setting>` may name.
 */
export function fieldKind(
  file: Readonly<Record<string, unknown>>,
  path: FieldPath,
  known: readonly Strategy[],
): KindAnswer {
  if (path[0] === 'strategies') return strategySettingKind(path, known);
  const answer = kindAt(scenarioFileSchema, file, path, path);
  return answer === 'not-numeric' ? { problem: NOT_NUMERIC } : answer;
}

type Walk = FieldKind | 'not-numeric' | { readonly problem: string } | undefined;

/** `path` is what is left to walk; `whole` the field asked about (for messages). */
function kindAt(schema: z.ZodType, value: unknown, path: FieldPath, whole: FieldPath): Walk {
  const primitive = primitiveKind(schema);
  if (primitive !== undefined) return path.length === 0 ? primitive : undefined;
  if (schema === latency) return latencyKind(value, path, whole);
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return kindAt(schema.unwrap() as z.ZodType, value, path, whole);
  }
  if (schema instanceof z.ZodPipe) return kindAt(schema.in as z.ZodType, value, path, whole);
  if (schema instanceof z.ZodNumber)
    return path.length === 0 ? (schema.isInt ? 'integer' : 'number') : undefined;
  if (schema instanceof z.ZodDiscriminatedUnion) return kindInUnion(schema, value, path, whole);
  const [head, ...rest] = path;
  if (head === undefined) return 'not-numeric';
  if (schema instanceof z.ZodObject && typeof head === 'string') {
    const child = (schema.shape as Record<string, z.ZodType | undefined>)[head];
    return child === undefined
      ? undefined
      : kindAt(child, isMapping(value) ? value[head] : undefined, rest, whole);
  }
  if (schema instanceof z.ZodArray && typeof head === 'number') {
    return kindAt(schema.element as z.ZodType, Array.isArray(value) ? value[head] : undefined, rest, whole);
  }
  return undefined;
}

function primitiveKind(schema: z.ZodType): FieldKind | undefined {
  if (schema === duration) return 'duration';
  if (schema === rate) return 'rate';
  if (schema === bytes) return 'size';
  return undefined;
}

/** `latency: 5ms` is a fixed duration; `latency: { kind: lognormal, median: ... }` has fields. */
function latencyKind(value: unknown, path: FieldPath, whole: FieldPath): Walk {
  if (path.length === 0 && isMapping(value)) {
    // A number here would swap the file's distribution for a fixed latency: not what anyone means.
    const fields = Object.keys(value)
      .filter((key) => key !== 'kind')
      .map((key) => formatPath([...whole, key]));
    return {
      problem: `the file gives a ${String(value['kind'])} distribution here; vary one of its fields instead: ${fields.join(', ')}`,
    };
  }
  if (path.length === 0) return 'duration';
  if (isMapping(value)) return kindAt(latencyDistribution, value, path, whole);
  const shown = value === undefined ? 'the default' : JSON.stringify(value);
  return {
    problem: `this latency is not a distribution in the file (it is ${shown}); vary the latency itself, or write it in the file as { kind: lognormal, median: ..., sigma: ... } first`,
  };
}

/** A fault, or a latency distribution: the branch the file's `kind` picks. */
function kindInUnion(
  schema: z.ZodDiscriminatedUnion,
  value: unknown,
  path: FieldPath,
  whole: FieldPath,
): Walk {
  if (path.length === 0) return 'not-numeric';
  const option = optionFor(schema, value);
  return option === undefined ? undefined : kindAt(option, value, path, whole);
}

function optionFor(schema: z.ZodDiscriminatedUnion, value: unknown): z.ZodType | undefined {
  const discriminator = schema.def.discriminator;
  const chosen = isMapping(value) ? value[discriminator] : undefined;
  return schema.options.find((candidate) => {
    const shape = candidate instanceof z.ZodObject ? (candidate.shape as Record<string, z.ZodType>) : {};
    const literal = shape[discriminator];
    return literal instanceof z.ZodLiteral && literal.value === chosen;
  }) as z.ZodType | undefined;
}

/** `strategies.<name>.<setting>`: a setting whose default is `<setting>Ms` is a duration. */
function strategySettingKind(path: FieldPath, known: readonly Strategy[]): KindAnswer {
  const [, name, setting, ...rest] = path;
  if (typeof name !== 'string' || typeof setting !== 'string' || rest.length > 0) return undefined;
  const strategy = known.find((candidate) => candidate.name === name);
  if (strategy === undefined) return undefined;
  const defaults = strategy.defaults as Readonly<Record<string, unknown>>;
  if (!(setting in defaults) && typeof defaults[`${setting}Ms`] === 'number') return 'duration';
  if (!(setting in defaults)) return undefined;
  return typeof defaults[setting] === 'number' ? 'number' : { problem: NOT_NUMERIC };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every field of this file a sweep can vary, with its kind: the schema's numeric fields, the
 * fields of the faults and latency distributions the file has, and the known strategies'
 * numeric settings. For suggestions when a path names nothing.
 */
export function numericFields(
  file: Readonly<Record<string, unknown>>,
  known: readonly Strategy[],
): Array<{ readonly path: FieldPath; readonly kind: FieldKind }> {
  const found: Array<{ path: FieldPath; kind: FieldKind }> = [];
  const visit = (schema: z.ZodType, value: unknown, path: FieldPath): void => {
    const here = kindAt(schema, value, [], path);
    if (typeof here === 'string' && here !== 'not-numeric') found.push({ path, kind: here });
    for (const [key, child, childValue] of childrenOf(schema, value))
      visit(child, childValue, [...path, key]);
  };
  visit(scenarioFileSchema, file, []);
  for (const strategy of known) {
    for (const [setting, fallback] of Object.entries(
      strategy.defaults as Readonly<Record<string, unknown>>,
    )) {
      if (typeof fallback !== 'number') continue;
      const written = settingFileName(setting);
      found.push({
        path: ['strategies', strategy.name, written],
        kind: written === setting ? 'number' : 'duration',
      });
    }
  }
  return found;
}

/** The fields one level down, with the file's value at each (lists: the items the file has). */
function childrenOf(
  schema: z.ZodType,
  value: unknown,
): Array<readonly [string | number, z.ZodType, unknown]> {
  if (primitiveKind(schema) !== undefined) return [];
  if (schema === latency) return isMapping(value) ? childrenOf(latencyDistribution, value) : [];
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return childrenOf(schema.unwrap() as z.ZodType, value);
  }
  if (schema instanceof z.ZodPipe) return childrenOf(schema.in as z.ZodType, value);
  if (schema instanceof z.ZodDiscriminatedUnion) {
    const option = optionFor(schema, value);
    return option === undefined ? [] : childrenOf(option, value);
  }
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape as Record<string, z.ZodType>).map(
      ([key, child]) => [key, child, isMapping(value) ? value[key] : undefined] as const,
    );
  }
  if (schema instanceof z.ZodArray && Array.isArray(value))
    return value.map((item, index) => [index, schema.element as z.ZodType, item] as const);
  return [];
}
