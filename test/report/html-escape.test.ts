import { describe, expect, it } from 'vitest';
import { anchorId, escapeHtml } from '../../src/report/html-escape.js';

describe('escapeHtml', () => {
  it('escapes every character that could end a text node or an attribute', () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;',
    );
  });

  it('leaves plain text as it is', () => {
    expect(escapeHtml('t=1.503s psp charges ch_3 (10.00) · ✓ D')).toBe(
      't=1.503s psp charges ch_3 (10.00) · ✓ D',
    );
  });
});

describe('anchorId', () => {
  it('keeps letters, digits and dashes, joins parts with a double dash, and starts with a letter', () => {
    expect(anchorId('story', '04-crash-after-charge', 'redis-setnx')).toBe(
      'story--04-crash-after-charge--redis-setnx',
    );
    expect(anchorId('./my scenario.yaml', '"><img>')).toBe('x_my_scenario_yaml--_img_');
  });
});
