/**
 * The shareable report: one self-contained HTML page (style and script inline, no network) with
 * what `compare` prints (each scenario's title, story and trade-off table, the verdict per
 * strategy, the matrix), each harmed cell's payment story as a diagram and as narrated text one
 * click from the cell, the sweeps' charts, and the command that reproduces each number.
 *
 * Built from the data the other renderings use; every user-controlled string is escaped. No
 * clock, no randomness: the same comparison gives the same bytes.
 */
import {
  expectationsHold,
  missedExpectations,
  type Comparison,
  type ScenarioComparison,
} from '../experiment/compare.js';
import type { Sweep } from '../experiment/sweep.js';
import { renderComparisonJson } from './comparison-json.js';
import type { HarmedStory } from './harmed-stories.js';
import {
  comparisonTableHtml,
  matrixHtml,
  scenarioAnchor,
  storyAnchor,
  verdictsHtml,
  type StoryLinks,
} from './html-comparison.js';
import { escapeHtml } from './html-escape.js';
import { storyHtml } from './html-story.js';
import { REPORT_CSS, REPORT_SCRIPT } from './html-styles.js';
import { sweepAnchor, sweepHtml } from './html-sweep.js';

/** The commands that reproduce what the page shows, as a user would type them. */
export interface ReproduceCommands {
  /** The command that made this report. */
  readonly report: string;
  /** Reruns one scenario's table. */
  readonly compare: (scenario: string) => string;
  /** Tells one harmed payment's story again. */
  readonly explain: (story: HarmedStory) => string;
  /** Reruns one sweep. */
  readonly sweep: (sweep: Sweep) => string;
}

export interface HtmlReportInput {
  readonly comparison: Comparison;
  /** Each scenario's story (its file's `story:`), by scenario name. */
  readonly scenarioStories: Readonly<Record<string, string>>;
  /** The harmed cells' payment stories (harmed-stories.ts). */
  readonly harmed: readonly HarmedStory[];
  /** Sweeps to chart (none: no sweep section). */
  readonly sweeps: readonly Sweep[];
  readonly commands: ReproduceCommands;
}

export function renderHtmlReport(input: HtmlReportInput): string {
  const links: StoryLinks = new Set(input.harmed.map((story) => storyAnchor(story.scenario, story.strategy)));
  const { comparison } = input;
  const body = [
    '<header>',
    '<h1>idemsim report</h1>',
    `<p class="meta">${summaryLine(comparison, input.harmed.length)}</p>`,
    expectationBanner(comparison),
    `<p>Made by: <code class="command">${escapeHtml(input.commands.report)}</code></p>`,
    '</header>',
    contents(comparison, input.sweeps),
    '<section id="verdicts"><h2>Verdict per strategy</h2>',
    verdictsHtml(comparison),
    '<h3 id="matrix">Which mechanism broke which strategy</h3>',
    '<p class="meta">A harmed cell opens the story of one payment it harmed.</p>',
    matrixHtml(comparison, links),
    '</section>',
    ...comparison.scenarios.map((scenario) => scenarioHtml(scenario, input, links)),
    ...input.sweeps.map((sweep) => sweepHtml(sweep, input.commands.sweep(sweep))),
    // The numbers as `compare --json` gives them, for a script reading the page.
    `<script type="application/json" id="comparison-json">${jsonInScript(renderComparisonJson(comparison))}</script>`,
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>idemsim report: ${comparison.scenarios.length} scenario${comparison.scenarios.length === 1 ? '' : 's'}</title>`,
    `<style>${REPORT_CSS}</style>`,
    `<script>${REPORT_SCRIPT}</script>`,
    '</head><body>',
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}

function summaryLine(comparison: Comparison, stories: number): string {
  const strategies = comparison.scenarios[0]?.results.length ?? 0;
  const scenarios = comparison.scenarios.length;
  return `${scenarios} scenario${scenarios === 1 ? '' : 's'} × ${strategies} strateg${strategies === 1 ? 'y' : 'ies'}; ${stories} harmed cell${stories === 1 ? '' : 's'}, each with the story of one payment it harmed.`;
}

function expectationBanner(comparison: Comparison): string {
  if (expectationsHold(comparison))
    return '<p class="held">✓ Every expectation the scenarios state held.</p>';
  const missed = missedExpectations(comparison).map(({ scenario, strategy }) => `${scenario} / ${strategy}`);
  return `<p class="missed">✗ ${missed.length} stated expectation${missed.length === 1 ? '' : 's'} did not hold: ${escapeHtml(missed.join(', '))}</p>`;
}

function contents(comparison: Comparison, sweeps: readonly Sweep[]): string {
  const items = [
    '<li><a href="#verdicts">Verdict per strategy and matrix</a></li>',
    ...comparison.scenarios.map(
      (scenario) =>
        `<li><a href="#${scenarioAnchor(scenario.name)}">${escapeHtml(scenario.name)}</a> ${escapeHtml(scenario.title)}</li>`,
    ),
    ...sweeps.map(
      (sweep) =>
        `<li><a href="#${sweepAnchor(sweep)}">Sweep: ${escapeHtml(sweep.name)} · ${escapeHtml(sweep.field)}</a></li>`,
    ),
  ];
  return `<nav><h2>Contents</h2><ol>${items.join('')}</ol></nav>`;
}

function scenarioHtml(scenario: ScenarioComparison, input: HtmlReportInput, links: StoryLinks): string {
  const payments = scenario.results[0]?.runs[0]?.payments ?? 0;
  const story = input.scenarioStories[scenario.name] ?? '';
  const paragraphs = story
    .trim()
    .split(/\n\s*\n/)
    .filter((paragraph) => paragraph.trim() !== '')
    .map((paragraph) => `<p class="story-text">${escapeHtml(paragraph.trim())}</p>`);
  const harmed = input.harmed.filter((one) => one.scenario === scenario.name);
  const stories =
    harmed.length === 0
      ? ''
      : `<h3>Stories of harmed payments</h3>${harmed.map((one) => storyHtml(one, input.commands.explain(one))).join('')}`;
  return [
    `<section class="scenario" id="${scenarioAnchor(scenario.name)}">`,
    `<h2>${escapeHtml(scenario.name)}: ${escapeHtml(scenario.title)}</h2>`,
    ...paragraphs,
    `<p class="meta">${scenario.seeds.length} seeds × ${payments} payments per strategy.</p>`,
    comparisonTableHtml(scenario, links),
    `<p>Reproduce: <code class="command">${escapeHtml(input.commands.compare(scenario.name))}</code></p>`,
    stories,
    '</section>',
  ].join('');
}

/** JSON made compact and safe inside <script>: no "</script>" or "<!--" can end or bend it. */
function jsonInScript(json: string): string {
  return JSON.stringify(JSON.parse(json)).replace(/</g, '\\u003c');
}
