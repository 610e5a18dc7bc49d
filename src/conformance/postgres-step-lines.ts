/**
 * A PostgreSQL schedule's steps as one line each, for a divergence's "schedule around it".
 */
import type { PgSchedule, PgStep } from '../components/postgres/schedule-format.js';
import { answerLine } from './postgres-answer.js';
import { lockName } from './postgres-wait-names.js';

/** Steps around `index` (this many before and after), the one at `index` marked with ">". */
export function stepsAround(schedule: PgSchedule, index: number, before = 6, after = 3): string[] {
  const from = Math.max(0, index - before);
  const to = Math.min(schedule.steps.length, index + after + 1);
  const lines: string[] = [];
  for (let at = from; at < to; at++) {
    const step = schedule.steps[at] as PgStep;
    lines.push(`${at === index ? '>' : ' '} ${at} ${stepLine(step)}`);
  }
  return lines;
}

export function stepLine(step: PgStep): string {
  const at = `${step.atMs}ms`;
  switch (step.kind) {
    case 'statement': {
      const params = step.params.length === 0 ? '' : ` ${JSON.stringify(step.params)}`;
      return `${at} #${step.id} ${step.session ?? 'autocommit'}: ${step.sql}${params}`;
    }
    case 'answer': {
      const answer = answerLine(step.answer, step.answer.ok ? step.answer.rowCount : null, true, {
        count: 0,
      });
      return `${at} #${step.id} answered ${answer}`;
    }
    case 'wait':
      return `${at} #${step.id} waits for ${step.on} on ${lockName(step.lock)}`;
    case 'lost':
      return `${at} ${step.session} lost (${step.reason}): rolled back`;
  }
}
