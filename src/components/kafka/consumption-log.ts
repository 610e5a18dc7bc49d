/**
 * Every hand-over of a record to a consumer's handler: who got it, when, and when it finished.
 *
 * One record can appear several times (redelivery after a crash or a rebalance, a zombie and
 * its successor). The intent comes from the record's causal context, so the experiment can
 * measure time to finality (append to the first finished handling) per payment intent.
 */
export type ConsumptionOutcome = 'running' | 'ok' | 'error';

export interface Consumption {
  readonly group: string;
  readonly node: string;
  readonly member: string;
  readonly generation: number;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  /** The payment intent the record carries, from its causal context. */
  readonly intentId: string | null;
  /** When the broker appended the record, ms. */
  readonly appendedAtMs: number;
  /** When the member handed it to the handler, ms. */
  readonly consumedAtMs: number;
  /** When the handler returned or threw; null while it runs, or for good if its node died. */
  readonly finishedAtMs: number | null;
  readonly outcome: ConsumptionOutcome;
}

export class ConsumptionLog {
  private readonly list: Consumption[] = [];

  get entries(): readonly Consumption[] {
    return this.list;
  }

  /** Records a hand-over; returns a handle for `finish`. */
  start(fields: Omit<Consumption, 'finishedAtMs' | 'outcome'>): number {
    // Spelt out, not spread (V8's slow path for a spread plus fields), in the order a spread gave.
    const { group, node, member, partition, offset, generation, topic, key, intentId } = fields;
    const { appendedAtMs, consumedAtMs } = fields;
    this.list.push({
      group,
      node,
      member,
      partition,
      offset,
      generation,
      topic,
      key,
      intentId,
      appendedAtMs,
      consumedAtMs,
      finishedAtMs: null,
      outcome: 'running',
    });
    return this.list.length - 1;
  }

  finish(handle: number, outcome: Exclude<ConsumptionOutcome, 'running'>, atMs: number): void {
    const entry = this.list[handle];
    if (entry === undefined) throw new Error(`no consumption #${handle}`);
    this.list[handle] = { ...entry, finishedAtMs: atMs, outcome };
  }
}
