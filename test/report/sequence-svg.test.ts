/**
 * The SVG sequence diagram on hand-written steps: the same participants and arrows as the Mermaid
 * diagram, every label escaped, long labels cut with the whole as a tooltip.
 */
import { describe, expect, it } from 'vitest';
import { renderSequenceSvg } from '../../src/report/sequence-svg.js';
import type { StoryStep } from '../../src/report/story-step.js';

const STEPS: readonly StoryStep[] = [
  {
    tMs: 191,
    actor: 'client',
    kind: 'call',
    from: 'client',
    to: 'service-1',
    text: '',
    label: 'POST /payments',
  },
  { tMs: 194, actor: 'service-1', kind: 'call', from: 'service-1', to: 'psp', text: '', label: 'charge' },
  { tMs: 309, actor: 'psp', kind: 'charge', text: '', label: 'charges ch_3' },
  { tMs: 309, actor: 'psp', kind: 'reply', from: 'psp', to: 'service-1', text: '', label: 'answers charge' },
  { tMs: 310, actor: 'psp', kind: 'drop', from: 'psp', to: 'service-1', text: '', label: 'lost' },
  {
    tMs: 320,
    actor: 'postgres',
    kind: 'exec',
    from: 'service-1',
    to: 'postgres',
    text: '',
    label: "INSERT <b>&'x'",
    result: '1 row',
  },
  {
    tMs: 400,
    actor: 'service-1',
    kind: 'reply',
    from: 'service-1',
    to: 'client',
    lost: true,
    text: '',
    label: 'HTTP 201',
  },
  { tMs: 401, actor: 'service-1', kind: 'node', text: '', label: 'crashes' },
];

describe('renderSequenceSvg', () => {
  const svg = renderSequenceSvg(STEPS, 'pay-03 <charged twice>');

  it('draws one lane per node, client first and the provider last, headed by its name', () => {
    const heads = [...svg.matchAll(/<g class="head">.*?<text[^>]*>([^<]*)<\/text><\/g>/g)].map(
      (match) => match[1],
    );
    expect(heads).toEqual(['client', 'service-1', 'postgres', 'psp']);
    expect(svg.match(/class="lane"/g)).toHaveLength(4);
  });

  it('draws a row per step (two for a store execution, none for a drop), each with its time', () => {
    const kinds = [...svg.matchAll(/<g class="(msg \w+|note \w+)">/g)].map((match) => match[1]);
    expect(kinds).toEqual([
      'msg call',
      'msg call',
      'note charge',
      'msg answer',
      'msg call',
      'msg answer',
      'msg lost',
      'note node',
    ]);
    const times = [...svg.matchAll(/<text class="time"[^>]*>([^<]*)</g)].map((match) => match[1]);
    expect(times).toEqual([
      't=0.191s',
      't=0.194s',
      't=0.309s',
      't=0.309s',
      't=0.320s',
      't=0.400s',
      't=0.401s',
    ]);
  });

  it('escapes labels and the title, and ends a lost message in a cross', () => {
    expect(svg).toContain('<title>pay-03 &lt;charged twice&gt;</title>');
    expect(svg).toContain('INSERT &lt;b&gt;&amp;&#39;x&#39;');
    expect(svg).not.toContain('<b>');
    expect(svg.match(/class="cross"/g)).toHaveLength(1);
  });

  it('cuts a label too long for its room and keeps the whole as a tooltip', () => {
    const long = `SELECT ${'x, '.repeat(60)}FROM idempotency_keys`;
    const cut = renderSequenceSvg(
      [{ tMs: 1, actor: 'redis', kind: 'exec', from: 'service-1', to: 'redis', text: '', label: long }],
      'long',
    );
    expect(cut).toContain(`<title>${long}</title>`);
    expect(cut).toMatch(/>SELECT x, [^<]*…<\/text>/);
  });

  it('is a whole SVG document sized to its rows', () => {
    expect(
      svg.startsWith(
        '<svg class="seq" xmlns="http://www.w3.org/2000/svg" role="img" width="792" height="318"',
      ),
    ).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
  });
});
