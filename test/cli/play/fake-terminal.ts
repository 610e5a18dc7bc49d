/**
 * A terminal a test can type into: keystrokes go to the input stream the prompts read, and
 * everything they draw is collected (ANSI codes stripped) so the test can wait for a question
 * before answering it, as a person would. Keys written before a question is drawn would go to
 * the question before it, so every answer waits for its question first.
 */
import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';

export const KEY = { enter: '\r', down: '\x1b[B', up: '\x1b[A', ctrlC: '\x03', clearLine: '\x15' } as const;

export class FakeTerminal {
  readonly input = new PassThrough();
  readonly output = new PassThrough();
  private raw = '';
  /** How much of the screen text earlier waits have consumed. */
  private seen = 0;

  constructor() {
    this.output.on('data', (chunk: Buffer) => {
      this.raw += chunk.toString('utf8');
    });
  }

  /** Everything drawn so far, without ANSI codes. */
  get text(): string {
    return stripVTControlCharacters(this.raw);
  }

  /** Waits until `expected` is drawn after what earlier waits consumed; consumes through it. */
  async waitFor(expected: string, timeoutMs = 30_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const at = this.text.indexOf(expected, this.seen);
      if (at !== -1) {
        this.seen = at + expected.length;
        return;
      }
      if (performance.now() > deadline) {
        throw new Error(
          `timed out waiting for ${JSON.stringify(expected)}; the screen ends with:\n${this.text.slice(-1500)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Waits for the question, then types the keys. */
  async answer(question: string, keys: string): Promise<void> {
    await this.waitFor(question);
    this.input.write(keys);
  }
}
