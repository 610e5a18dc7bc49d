/**
 * The default comparison's HTML report (`idemsim report --out r.html`): its size against the
 * 2 MB a pull request attachment should stay under, what takes the room (diagrams, narration,
 * the embedded JSON), and the CPU time of what the report adds to a compare (rerunning each
 * harmed cell's seed with its trace, and building the page), measured in this process. CPU
 * time, since wall time on a shared machine says more about the neighbours.
 */
import { bundledScenarioFiles, readScenario } from '../../src/cli/scenario-files.js';
import { compare } from '../../src/experiment/compare.js';
import { harmedStories } from '../../src/report/harmed-stories.js';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { strategies } from '../../src/strategies/registry.js';

const BYTES_MAX = 2_000_000;

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** Bytes of every match of `pattern` in `html`. */
function bytesOf(html: string, pattern: RegExp): number {
  return (html.match(pattern) ?? []).reduce((sum, part) => sum + Buffer.byteLength(part), 0);
}

export async function benchReport(): Promise<string[]> {
  const scenarios = bundledScenarioFiles().map(readScenario);
  const chosen = [...strategies.values()];
  const compared = process.cpuUsage();
  const comparison = await compare({ scenarios, strategies: chosen });
  const compareS = cpuSecondsSince(compared);
  const storied = process.cpuUsage();
  const harmed = await harmedStories({ comparison, scenarios, strategies: chosen });
  const storiesS = cpuSecondsSince(storied);
  const rendered = process.cpuUsage();
  const html = renderHtmlReport({
    comparison,
    scenarioStories: Object.fromEntries(scenarios.map((scenario) => [scenario.name, scenario.story])),
    harmed,
    sweeps: [],
    commands: { report: 'idemsim report', compare: () => '', explain: () => '', sweep: () => '' },
  });
  const renderS = cpuSecondsSince(rendered);
  const bytes = Buffer.byteLength(html);
  const share = (part: number): string => `${((part / bytes) * 100).toFixed(0)}%`;
  const diagrams = bytesOf(html, /<svg class="seq"[\s\S]*?<\/svg>/g);
  const narration = bytesOf(html, /<pre class="narration">[\s\S]*?<\/pre>/g);
  const json = bytesOf(html, /<script type="application\/json"[\s\S]*?<\/script>/g);
  return [
    'report: the default comparison as one HTML file, in this thread',
    `  size: ${(bytes / 1e6).toFixed(2)} MB (${bytes <= BYTES_MAX ? 'under' : 'ABOVE'} the ${BYTES_MAX / 1e6} MB budget), ${harmed.length} stories`,
    `    diagrams ${share(diagrams)}, narration ${share(narration)}, embedded JSON ${share(json)}, tables and the rest ${share(bytes - diagrams - narration - json)}`,
    `  CPU: compare ${compareS.toFixed(1)}s; the report adds ${storiesS.toFixed(1)}s for the stories' traced reruns and ${renderS.toFixed(2)}s to build the page`,
  ];
}
