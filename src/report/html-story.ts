/**
 * One harmed payment's story as HTML: a collapsible block (a harmed cell's link opens it) with the
 * sequence diagram drawn from the story's steps and the narration `explain` prints, the command
 * that replays it included.
 */
import type { HarmedStory } from './harmed-stories.js';
import { storyAnchor } from './html-comparison.js';
import { escapeHtml } from './html-escape.js';
import { renderNarration } from './narration.js';
import { renderSequenceSvg } from './sequence-svg.js';

/** `replay`: the `idemsim explain ...` command that tells this story again. */
export function storyHtml(story: HarmedStory, replay: string): string {
  const who = `${story.strategy} · seed ${story.seed} · ${story.payment}`;
  const narration = renderNarration(
    {
      scenario: story.scenario,
      strategy: story.strategy,
      seed: story.seed,
      payment: story.payment,
      verdict: story.verdict,
      replay,
      startMs: story.startMs,
    },
    story.steps,
  );
  const title = `${story.scenario}, ${who}: ${story.verdict}`;
  return [
    `<details class="story" id="${storyAnchor(story.scenario, story.strategy)}" data-scenario="${escapeHtml(story.scenario)}" data-strategy="${escapeHtml(story.strategy)}">`,
    `<summary>${escapeHtml(who)}: <span class="unsafe">${escapeHtml(story.verdict)}</span></summary>`,
    `<div class="diagram">${renderSequenceSvg(story.steps, title)}</div>`,
    `<pre class="narration">${escapeHtml(narration)}</pre>`,
    '</details>',
  ].join('');
}
