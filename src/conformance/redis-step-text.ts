/**
 * One line per schedule step, for a divergence's context ("the schedule around the step").
 */
import type { RedisSchedule, RedisStep } from '../components/redis/schedule-types.js';
import { replyText } from './redis-reply-match.js';

/** Lines shown before and after the divergent step. */
const CONTEXT_STEPS = 3;

export function stepText(step: RedisStep): string {
  const at = `${step.atMs}ms`;
  switch (step.kind) {
    case 'command': {
      const text = [step.command, ...step.args].join(' ');
      const line = text.length <= 100 ? text : `${text.slice(0, 97)}...`;
      return `${at} ${line} -> ${replyText(step.reply)}${step.source === 'local' ? ' (co-tenant)' : ''}`;
    }
    case 'expire':
      return `${at} expire ${step.key} (deadline ${step.expireAtMs}ms)`;
    case 'evict':
      return `${at} evict ${step.key}${step.hadTtl ? ' (had a TTL)' : ' (no TTL)'}`;
    case 'crash':
      return `${at} crash (${step.crash}, persistence ${step.persistence}), ${step.lost.length} keys lost`;
    case 'failover':
      return `${at} failover, replica lacked ${step.lacked.length} keys`;
    case 'boot':
      return `${at} boot from ${step.from}, ${step.image.length} keys`;
  }
}

/** The steps around `index`, the one at `index` marked with '>'. */
export function stepsAround(schedule: RedisSchedule, index: number): string[] {
  const from = Math.max(0, index - CONTEXT_STEPS);
  const to = Math.min(schedule.steps.length, index + CONTEXT_STEPS + 1);
  return schedule.steps
    .slice(from, to)
    .map((step, offset) => `${from + offset === index ? '>' : ' '} ${stepText(step)}`);
}
