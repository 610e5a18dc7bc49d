/**
 * The workshop page's session, held in the Web Worker: the bundled scenarios, the setup being
 * turned, and the runs of it. It answers each request of the page with the whole view to draw
 * (web-protocol.ts). Like `idemsim play` it runs every built-in strategy over the setup's seeds,
 * marks what moved since the last run, tells a violation's story and exports the setup as a
 * scenario file; unlike play it touches no terminal and no file.
 */
import { compare } from '../experiment/compare.js';
import { violationsOf } from '../report/violations.js';
import { scenarioToYaml } from '../scenario/scenario-file-writer.js';
import { playKnobs } from '../scenario/play-knobs.js';
import { scenarioOf, startSetup, toggleFault, withScenario, type PlaySetup } from '../scenario/play-setup.js';
import { strategies } from '../strategies/registry.js';
import type { Strategy } from '../strategies/strategy.js';
import { exportFileName, openScenario } from './open-scenario.js';
import { exportedAs, resultsOf, runView, type RunRecord } from './run-view.js';
import { setupView } from './setup-view.js';
import { storyView } from './story-view.js';
import type { ScenarioText, SessionView, WebAnswer, WebRequest } from './web-protocol.js';

/** Called after each simulated run with (runs done, runs in all). */
export type OnProgress = (done: number, total: number) => void;

interface Opened {
  readonly setup: PlaySetup;
  readonly runs: readonly RunRecord[];
  /** The name Export writes and the JSON speaks of. */
  readonly fileName: string;
}

export class WebSession {
  private readonly strategies: readonly Strategy[] = [...strategies.values()];
  private readonly knobs = playKnobs(this.strategies);
  private scenarios: readonly ScenarioText[] = [];
  /** The list the page offers, read once. */
  private titles: SessionView['scenarios'] = [];
  private opened: Opened | undefined;

  async handle(request: WebRequest, onProgress: OnProgress = () => undefined): Promise<WebAnswer> {
    switch (request.kind) {
      case 'init':
        this.scenarios = request.scenarios;
        this.titles = request.scenarios.map(({ name, text }) => ({ name, title: titleOf(text, name) }));
        return this.open(request.scenarios[0]?.name ?? '', undefined);
      case 'open':
        return this.open(request.name, request.text);
      case 'set':
        return this.set(request.knob, request.text);
      case 'fault':
        return this.change((setup) =>
          setup.faultsOn[request.index] === request.on ? setup : toggleFault(setup, request.index),
        );
      case 'reset':
        return this.change((setup) => startSetup(setup.base, setup.knobs));
      case 'run':
        return this.run(onProgress);
      case 'story':
        return this.story(request.violation);
      case 'export':
        return this.export(request.fileName);
    }
  }

  private open(name: string, text: string | undefined): WebAnswer {
    const source = text ?? this.scenarios.find((scenario) => scenario.name === name)?.text;
    if (source === undefined) return { ok: false, problem: `no scenario "${name}" in this page` };
    const read = openScenario(source, name.replace(/\.ya?ml$/i, ''));
    if (!read.ok) return { ok: false, problem: read.problem };
    const setup = startSetup(read.value, this.knobs);
    this.opened = { setup, runs: [], fileName: `${read.value.name}-web.yaml` };
    return this.answer();
  }

  private set(id: string, text: string): WebAnswer {
    const opened = this.current();
    const knob = this.knobs.find((candidate) => candidate.id === id);
    if (knob === undefined) return { ok: false, problem: `no setting "${id}"` };
    const result = knob.set(opened.setup.scenario, text);
    if (!result.ok) return { ok: false, problem: `${knob.label}: ${result.problem}` };
    return this.change((setup) => withScenario(setup, result.value));
  }

  private change(edit: (setup: PlaySetup) => PlaySetup): WebAnswer {
    const opened = this.current();
    this.opened = { ...opened, setup: edit(opened.setup) };
    return this.answer();
  }

  private async run(onProgress: OnProgress): Promise<WebAnswer> {
    const opened = this.current();
    const scenario = scenarioOf(opened.setup);
    const comparison = await compare({ scenarios: [scenario], strategies: this.strategies, onProgress });
    const number = opened.runs.length + 1;
    this.opened = {
      ...opened,
      runs: [...opened.runs, { number, setup: opened.setup, scenario, comparison }],
    };
    return this.answer();
  }

  private async story(index: number): Promise<WebAnswer> {
    const opened = this.current();
    const run = opened.runs[opened.runs.length - 1];
    const violation = run === undefined ? undefined : violationsOf(resultsOf(run))[index];
    const strategy = this.strategies.find((candidate) => candidate.name === violation?.strategy);
    if (run === undefined || violation === undefined || strategy === undefined)
      return { ok: false, problem: 'no such payment in the last run' };
    return { ...this.answer(), story: await storyView(run, violation, strategy, opened.fileName) };
  }

  private export(text: string): WebAnswer {
    const opened = this.current();
    const fileName = exportFileName(text);
    if (fileName === '') return { ok: false, problem: 'expected a file name, like my-setup.yaml' };
    this.opened = { ...opened, fileName };
    const yaml = scenarioToYaml(exportedAs(opened.setup, fileName));
    return { ...this.answer(), file: { fileName, yaml } };
  }

  private current(): Opened {
    if (this.opened === undefined) throw new Error('the page asked before a scenario was open');
    return this.opened;
  }

  private answer(): WebAnswer & { ok: true } {
    return { ok: true, view: this.view() };
  }

  view(): SessionView {
    const opened = this.current();
    const [previous, last] = [opened.runs[opened.runs.length - 2], opened.runs[opened.runs.length - 1]];
    return {
      scenarios: this.titles,
      setup: setupView(opened.setup),
      fileName: opened.fileName,
      ...(last === undefined ? {} : { run: runView(last, previous, opened.fileName) }),
    };
  }
}

/** The scenario's title for the list (the file's name when the file does not load: opening it says why). */
function titleOf(text: string, name: string): string {
  const read = openScenario(text, name);
  return read.ok ? read.value.title : '(this file does not load; choose it to see why)';
}
