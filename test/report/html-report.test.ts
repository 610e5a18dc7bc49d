/**
 * The report page from a small real comparison: what compare shows is there, a user's text is
 * escaped, each harmed cell links to the one story of it, nothing reaches for the network, the
 * embedded numbers are compare --json's, and the same comparison gives the same bytes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compare, type Comparison } from '../../src/experiment/compare.js';
import { renderComparisonJson } from '../../src/report/comparison-json.js';
import { harmedStories, type HarmedStory } from '../../src/report/harmed-stories.js';
import { renderHtmlReport, type ReproduceCommands } from '../../src/report/html-report.js';
import { strategies } from '../../src/strategies/registry.js';
import { bundledScenario } from '../fixtures/bundled-scenario.js';

const HOSTILE = `<script>alert("x")</script> & 'quoted'`;
const COMMANDS: ReproduceCommands = {
  report: 'idemsim report 04 --out r.html',
  compare: (scenario) => `idemsim compare ${scenario}`,
  explain: (story) => `idemsim explain ${story.scenario} --strategy ${story.strategy} --seed ${story.seed}`,
  sweep: (sweep) => `idemsim sweep ${sweep.name}`,
};

describe('renderHtmlReport', () => {
  let comparison: Comparison;
  let harmed: HarmedStory[];
  let html: string;

  beforeAll(async () => {
    const base = bundledScenario('04-crash-after-charge');
    const scenario = { ...base, title: `${base.title} ${HOSTILE}`, story: `First.\n\n${HOSTILE}` };
    const chosen = [strategies.get('none')!, strategies.get('db-atomic')!];
    comparison = await compare({ scenarios: [scenario], strategies: chosen, seedCount: 2 });
    harmed = await harmedStories({ comparison, scenarios: [scenario], strategies: chosen });
    html = renderHtmlReport({
      comparison,
      scenarioStories: { [scenario.name]: scenario.story },
      harmed,
      sweeps: [],
      commands: COMMANDS,
    });
  });

  it('tells the story of the one harmed cell, with its diagram and narration', () => {
    expect(harmed.map((story) => [story.scenario, story.strategy])).toEqual([
      ['04-crash-after-charge', 'none'],
    ]);
    const stories = [...html.matchAll(/<details class="story" id="([^"]+)"/g)].map((match) => match[1]);
    expect(stories).toEqual(['story--04-crash-after-charge--none']);
    expect(html.match(/<svg class="seq"/g)).toHaveLength(1);
    expect(html).toContain(
      `replay: idemsim explain 04-crash-after-charge --strategy none --seed ${harmed[0]?.seed}`,
    );
  });

  it('links the harmed cells, and only those, to the story', () => {
    const targets = [...html.matchAll(/<a href="#(story--[^"]+)"/g)].map((match) => match[1]);
    // the table's verdict and double-charge cells, and the matrix cell
    expect(targets).toEqual(Array(3).fill('story--04-crash-after-charge--none'));
    expect(html).toMatch(/<td class="safe">safe<\/td>/);
    expect(html).toMatch(/<td class="ok" data-strategy="db-atomic">ok<\/td>/);
  });

  it("shows compare's columns, the verdict words beside their colours, and the commands", () => {
    for (const column of [
      'verdict',
      'double charges',
      'overcharged',
      'errors',
      'latency p50 / p99',
      'expected',
    ])
      expect(html).toContain(`<th scope="col">${column}</th>`);
    expect(html).toMatch(/<td class="unsafe"><a [^>]*>UNSAFE<\/a><\/td>/);
    expect(html).toContain('<td class="held">✓ D</td>');
    expect(html).toContain('<code class="command">idemsim compare 04-crash-after-charge</code>');
    expect(html).toContain('<code class="command">idemsim report 04 --out r.html</code>');
  });

  it("escapes the scenario's title and story", () => {
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;');
    expect(html.match(/<p class="story-text">/g)).toHaveLength(2);
  });

  it('is self-contained: no external script, style, image or font', () => {
    expect(html).not.toMatch(/<(link|img|iframe)\b/);
    expect(html).not.toMatch(/<script[^>]*\bsrc=/);
    expect(html).not.toMatch(/url\(/);
    const addresses = new Set(html.match(/https?:\/\/[^\s"'<)]+/g));
    expect([...addresses]).toEqual(['http://www.w3.org/2000/svg']);
  });

  it("embeds compare --json's numbers", () => {
    const embedded = /<script type="application\/json" id="comparison-json">(.*?)<\/script>/s.exec(html)?.[1];
    expect(JSON.parse(embedded ?? 'null')).toEqual(JSON.parse(renderComparisonJson(comparison)));
  });

  it('gives the same bytes for the same comparison', () => {
    const again = renderHtmlReport({
      comparison,
      scenarioStories: { '04-crash-after-charge': `First.\n\n${HOSTILE}` },
      harmed,
      sweeps: [],
      commands: COMMANDS,
    });
    expect(again).toBe(html);
  });
});
