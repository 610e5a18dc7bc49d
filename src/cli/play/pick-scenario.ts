/**
 * The first question of a session: which scenario, from the numbered curriculum or a file.
 */
import type { PlayDeps, PlayStart } from './play-deps.js';

const A_FILE = '\0file';

export async function pickScenario(deps: PlayDeps): Promise<PlayStart> {
  const width = Math.max(0, ...deps.bundled.map((scenario) => scenario.name.length));
  const choices = [
    ...deps.bundled.map((scenario) => ({
      name: `${scenario.name.padEnd(width)}  ${scenario.title}`,
      value: scenario.name,
      short: scenario.name,
    })),
    {
      name: 'A scenario file of my own…',
      value: A_FILE,
      description: 'a path to a .yaml file, like ./my-setup.yaml',
    },
  ];
  const picked = await deps.prompter.select({ message: 'Which scenario?', choices });
  if (picked !== A_FILE) {
    const read = deps.readScenario(picked);
    if (read.ok) return { scenario: read.value, source: picked };
    // A bundled file that does not load is a broken install; say so, and let them pick a file.
    deps.prompter.say(`${read.problem}\n`);
  }
  return deps.prompter.input<PlayStart>({
    message: 'Path to the scenario file:',
    parse: (text) => {
      const source = text.trim();
      if (source === '') return { ok: false, problem: 'expected a path, like ./my-setup.yaml' };
      const read = deps.readScenario(source);
      return read.ok ? { ok: true, value: { scenario: read.value, source } } : read;
    },
  });
}
