/**
 * `idemsim list`: the strategies and the bundled scenarios, one line each.
 */
import type { Command } from 'commander';
import { strategies } from '../../strategies/registry.js';
import type { CliIo } from '../cli-io.js';
import { bundledScenarioFiles, readScenario } from '../scenario-files.js';

export function registerListCommand(program: Command, io: CliIo): void {
  program
    .command('list')
    .description('list the strategies and the bundled scenarios')
    .option('--json', 'print the lists as JSON')
    .action((flags: { json?: boolean }) => {
      const strategyLines = [...strategies.values()].map((strategy) => ({
        name: strategy.name,
        summary: strategy.summary,
        assumes: strategy.assumes,
        breaksUnder: strategy.breaksUnder,
      }));
      const scenarioLines = bundledScenarioFiles().map((file) => ({
        name: file.name,
        title: readScenario(file).title,
      }));
      if (flags.json === true)
        return io.out(
          `${JSON.stringify({ strategies: strategyLines, scenarios: scenarioLines }, null, 2)}\n`,
        );
      const width = Math.max(...[...strategyLines, ...scenarioLines].map((line) => line.name.length)) + 2;
      io.out(
        [
          'Strategies',
          ...strategyLines.flatMap((line) => [
            `  ${line.name.padEnd(width)}${line.summary}`,
            `  ${''.padEnd(width)}assumes: ${line.assumes}`,
            `  ${''.padEnd(width)}breaks under: ${line.breaksUnder}`,
          ]),
          '',
          'Scenarios (bundled, in teaching order)',
          ...scenarioLines.map((line) => `  ${line.name.padEnd(width)}${line.title}`),
          '',
        ].join('\n'),
      );
    });
}
