/**
 * What every idempotency strategy implements: a handler for `POST /payments` that sees only its
 * port, plus optional setup, background workers and a Kafka consumer.
 *
 * Every function member uses method syntax on purpose: TypeScript checks methods bivariantly, so
 * a `Strategy<RedisSetnxConfig>` can sit in a registry of `Strategy` without casts.
 */
import type { Proc } from '../engine/effects.js';
import type { HttpResponse, PaymentRequest } from '../components/port/http.js';
import type { ConsumedRecord } from '../components/port/kafka-port.js';
import type { ServicePort } from '../components/port/port.js';

/** The port plus the strategy's own configuration (defaults merged with the scenario's). */
export interface StrategyContext<Config> extends ServicePort {
  readonly config: Config;
}

/** Background work that runs on every service instance and starts again when it restarts. */
export interface StrategyWorker<Config> {
  readonly name: string;
  run(ctx: StrategyContext<Config>): Proc<void>;
}

export interface Strategy<Config = unknown> {
  /** Registry name, kebab-case ("db-atomic"). */
  readonly name: string;
  /** One line: what it does. */
  readonly summary: string;
  /** What it relies on being true. */
  readonly assumes: string;
  /** The mechanisms that break it, named by the bundled scenarios that show them (scenarios/catalogue.md). */
  readonly breaksUnder: string;
  /** Every setting, with its default; a scenario may override any of them. */
  readonly defaults: Config;
  /** Problems with a merged configuration, one line each (for settings a type cannot check). */
  validateConfig?(config: Config): string[];
  /** Runs once before traffic starts (create tables, topics), from the first service instance. */
  setup?(ctx: StrategyContext<Config>): Proc<void>;
  /** Handles one request. An exception becomes a 500, as in a web framework. */
  handle(request: PaymentRequest, ctx: StrategyContext<Config>): Proc<HttpResponse>;
  /** Background workers (a completer, a reaper), on every service instance. */
  readonly workers?: ReadonlyArray<StrategyWorker<Config>>;
  /** For strategies that publish requests to Kafka: handles one record, on a consumer node. */
  consume?(record: ConsumedRecord, ctx: StrategyContext<Config>): Proc<void>;
}
