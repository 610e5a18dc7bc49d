/**
 * Reading scenario names out of the docs: the catalogue's entries are its `## NN-name` headings;
 * a name elsewhere is two digits, a dash and a lowercase word, not part of a path or a number.
 */

/** The entries of the catalogue, in order: every level-2 heading that is a scenario name. */
export function entriesOf(markdown: string): string[] {
  return [...markdown.matchAll(/^## (\d{2}-[a-z][a-z0-9-]*)$/gm)].map((match) => match[1] as string);
}

/** Every distinct scenario name the text mentions, in order of first mention. */
export function scenarioNamesIn(text: string): string[] {
  const names = [...text.matchAll(/(?<![\w/.-])\d{2}-[a-z][a-z0-9]*(?:-[a-z0-9]+)*/g)].map(
    (match) => match[0],
  );
  return [...new Set(names)];
}
