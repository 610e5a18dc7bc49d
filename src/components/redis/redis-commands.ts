/**
 * The commands the simulated Redis models, parsed and validated as Redis 7 does before the mock
 * runs them.
 *
 * Only modelled commands are accepted: the server must know which keys a command names (to keep
 * its LRU clock, memory accounting, persistence and replication logs right) and whether it writes.
 * Anything else replies with an error that says it is a gap in the model, not in Redis.
 */
import { RedisError, type RedisArg } from '../port/redis-port.js';
import { parseInteger, parseSetOptions } from './set-options.js';

export interface ParsedCommand {
  /** Upper-case name, for traces ("SET"). */
  readonly name: string;
  /** The ioredis-mock method that runs it. */
  readonly method: 'get' | 'set' | 'del' | 'exists' | 'pttl' | 'pexpire' | 'eval';
  /** Canonical string arguments for the mock (upper-case options, as on the wire). */
  readonly args: readonly string[];
  /** The keys the command names (a script's KEYS). */
  readonly keys: readonly string[];
  /** Whether it may change data: such commands go to the persistence and replication logs. */
  readonly write: boolean;
  /** Refused with OOM when used memory stays over the budget after eviction (Redis's denyoom). */
  readonly denyOom: boolean;
  /** SET KEEPTTL: the store puts back the TTL the mock drops. */
  readonly keepTtl: boolean;
}

type Parse = (args: readonly string[]) => ParsedCommand;

const PARSERS: Readonly<Record<string, Parse>> = {
  GET: (args) => simple('GET', 'get', args, exactly(args, 1, 'get'), false),
  EXISTS: (args) => simple('EXISTS', 'exists', args, atLeast(args, 1, 'exists'), false),
  PTTL: (args) => simple('PTTL', 'pttl', args, exactly(args, 1, 'pttl'), false),
  DEL: (args) => simple('DEL', 'del', args, atLeast(args, 1, 'del'), true),
  SET: (args) => {
    const [key, value] = atLeast(args, 2, 'set') as [string, string];
    const options = parseSetOptions(args.slice(2));
    const base = simple('SET', 'set', [key, value, ...options.mockOptions], [key], true);
    return { ...base, denyOom: true, keepTtl: options.keepTtl };
  },
  PEXPIRE: (args) => {
    const [key, milliseconds] = exactly(args, 2, 'pexpire') as [string, string];
    // Redis deletes a key given a non-positive TTL at once (and replies 1, as DEL does); the mock
    // would keep it until its next access.
    if (parseInteger(milliseconds) <= 0) return simple('PEXPIRE', 'del', [key], [key], true);
    return simple('PEXPIRE', 'pexpire', args, [key], true);
  },
  EVAL: (args) => {
    atLeast(args, 2, 'eval');
    const count = parseInteger(args[1] as string);
    if (count < 0) throw new RedisError("ERR Number of keys can't be negative");
    if (count > args.length - 2)
      throw new RedisError("ERR Number of keys can't be greater than number of args");
    // Real Redis 7 refuses only the script's first write under OOM; refusing any script is coarser.
    return { ...simple('EVAL', 'eval', args, args.slice(2, 2 + count), true), denyOom: true };
  },
};

/** Throws RedisError with the reply Redis would send (or one naming a gap in the model). */
export function parseCommand(command: string, rawArgs: readonly RedisArg[]): ParsedCommand {
  const name = command.toUpperCase();
  const parse = PARSERS[name];
  if (parse === undefined) throw new RedisError(`ERR idemsim does not model the command '${command}'`);
  return parse(rawArgs.map(String));
}

export const MODELLED_COMMANDS: readonly string[] = Object.keys(PARSERS);

function simple(
  name: string,
  method: ParsedCommand['method'],
  args: readonly string[],
  keys: readonly string[],
  write: boolean,
): ParsedCommand {
  return { name, method, args, keys, write, denyOom: false, keepTtl: false };
}

function exactly(args: readonly string[], count: number, name: string): readonly string[] {
  if (args.length !== count) throw arityError(name);
  return args;
}

function atLeast(args: readonly string[], count: number, name: string): readonly string[] {
  if (args.length < count) throw arityError(name);
  return args;
}

function arityError(name: string): RedisError {
  return new RedisError(`ERR wrong number of arguments for '${name}' command`);
}
