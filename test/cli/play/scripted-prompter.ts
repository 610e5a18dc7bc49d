/**
 * A prompter that answers from a script, for session tests that need no terminal: each select
 * names the choice it picks by the start of its name, each input gives the text typed (a text
 * that does not parse is logged with its reason, and the next one is tried, as a person would be
 * asked again), each confirm a yes or no. Everything asked and said goes into one log.
 */
import type { InputQuestion, Prompter, SelectQuestion } from '../../../src/cli/play/prompter.js';

export type Answer = { readonly select: string } | { readonly input: string } | { readonly confirm: boolean };

export class ScriptedPrompter implements Prompter {
  readonly log: string[] = [];
  private readonly script: Answer[];

  constructor(script: readonly Answer[]) {
    this.script = [...script];
  }

  private next(): Answer {
    const answer = this.script.shift();
    if (answer === undefined)
      throw new Error(`the script ran out; the log ends with:\n${this.log.slice(-5).join('\n')}`);
    return answer;
  }

  async select<T>(question: SelectQuestion<T>): Promise<T> {
    const answer = this.next();
    if (!('select' in answer))
      throw new Error(`"${question.message}" is a choice; the script says ${JSON.stringify(answer)}`);
    const choice = question.choices.find((candidate) => candidate.name.startsWith(answer.select));
    if (choice === undefined)
      throw new Error(
        `no choice starting "${answer.select}" in: ${question.choices.map((c) => c.name).join(' | ')}`,
      );
    if (choice.disabled !== undefined)
      throw new Error(`"${choice.name}" cannot be chosen: ${choice.disabled}`);
    this.log.push(`? ${question.message} ${choice.name}`);
    return choice.value;
  }

  async input<T>(question: InputQuestion<T>): Promise<T> {
    for (;;) {
      const answer = this.next();
      if (!('input' in answer))
        throw new Error(`"${question.message}" wants text; the script says ${JSON.stringify(answer)}`);
      const text = answer.input === '' ? (question.default ?? '') : answer.input;
      const parsed = question.parse(text);
      this.log.push(`? ${question.message} ${text}`);
      if (parsed.ok) return parsed.value;
      this.log.push(`> ${parsed.problem}`);
    }
  }

  async confirm(question: { readonly message: string; readonly default: boolean }): Promise<boolean> {
    const answer = this.next();
    if (!('confirm' in answer))
      throw new Error(`"${question.message}" wants yes or no; the script says ${JSON.stringify(answer)}`);
    this.log.push(`? ${question.message} ${answer.confirm ? 'yes' : 'no'}`);
    return answer.confirm;
  }

  say(text: string): void {
    this.log.push(text.replace(/\n$/, ''));
  }
}
