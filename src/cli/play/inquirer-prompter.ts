/**
 * The prompter on a real terminal, through @inquirer/prompts: arrow keys to pick, typed values
 * validated as they are entered (the reason shown under the question until the value parses),
 * y/n with anything else refused. Ctrl-C makes inquirer throw its ExitPromptError, which main()
 * turns into exit code 130.
 *
 * Streams are injectable, so a test can type keystrokes into the very same prompts.
 */
import { Writable } from 'node:stream';
import { confirm, input, select } from '@inquirer/prompts';
import type { Choice, InputQuestion, Prompter, SelectQuestion } from './prompter.js';

export interface TerminalStreams {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Use ANSI colours in the prompts (inquirer's own styling otherwise follows the terminal). */
  readonly colour: boolean;
}

/** Lists longer than this scroll (a seminar room's terminal is not tall). */
const PAGE_SIZE = 12;

const plain = (text: string): string => text;

/** Inquirer's theme with every style a no-op: for NO_COLOR, and byte-stable tests. */
const PLAIN_THEME = {
  prefix: { idle: '?', done: '✔' },
  style: {
    answer: plain,
    message: plain,
    error: (text: string) => `> ${text}`,
    defaultAnswer: (text: string) => `(${text})`,
    help: plain,
    highlight: plain,
    key: (text: string) => `<${text}>`,
    disabled: plain,
    description: plain,
    keysHelpTip: (keys: [string, string][]) => keys.map(([key, action]) => `${key} ${action}`).join(' • '),
  },
};

export function inquirerPrompter(streams: TerminalStreams): Prompter {
  const theme = streams.colour ? {} : PLAIN_THEME;
  // A fresh context per prompt: each prompt ends the output it is given (see keptOpen).
  const context = () => ({ input: streams.input, output: keptOpen(streams.output) });
  return {
    select<T>(question: SelectQuestion<T>): Promise<T> {
      const choices = question.choices.map((choice: Choice<T>) => ({
        name: choice.name,
        value: choice.value,
        ...(choice.short === undefined ? {} : { short: choice.short }),
        ...(choice.description === undefined ? {} : { description: choice.description }),
        ...(choice.disabled === undefined ? {} : { disabled: choice.disabled }),
      }));
      const config = {
        message: question.message,
        choices,
        pageSize: PAGE_SIZE,
        theme: {
          ...theme,
          i18n: { disabledError: 'That one cannot be chosen now (the reason is beside it).' },
        },
        ...(question.default === undefined ? {} : { default: question.default }),
      };
      return select<T>(config, { ...context(), clearPromptOnDone: question.clearWhenDone === true });
    },
    async input<T>(question: InputQuestion<T>): Promise<T> {
      const text = await input(
        {
          message: question.message,
          ...(question.default === undefined ? {} : { default: question.default }),
          validate: (value: string) => {
            const parsed = question.parse(value);
            return parsed.ok ? true : parsed.problem;
          },
          theme,
        },
        context(),
      );
      const parsed = question.parse(text);
      // validate() has just accepted this very text, so this branch is unreachable.
      if (!parsed.ok) throw new Error(`input accepted a value that does not parse: ${parsed.problem}`);
      return parsed.value;
    },
    confirm: (question) =>
      confirm({ message: question.message, default: question.default, theme }, context()),
    say: (text) => {
      streams.output.write(text);
    },
  };
}

/**
 * The output for one prompt: inquirer pipes its output into the stream it is given and ends it
 * when the prompt is done, which would close a session's stream after the first question (the
 * terminal's stdout shrugs that off; a test's stream does not). This forwards writes, never the
 * end, and shows the terminal's size so long lines wrap where the terminal wraps them.
 */
function keptOpen(output: NodeJS.WritableStream): NodeJS.WritableStream {
  const terminal = output as NodeJS.WritableStream & { columns?: number; rows?: number; isTTY?: boolean };
  const forward = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      output.write(chunk);
      done();
    },
  });
  for (const key of ['columns', 'rows', 'isTTY'] as const)
    Object.defineProperty(forward, key, { get: () => terminal[key] });
  return forward;
}
