import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

describe('README', () => {
  it('shows the library example exactly as the test that runs it', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const marker = '<!-- library-example: test/readme/library-example.test.ts -->\n```ts\n';
    const start = readme.indexOf(marker);
    expect(start).toBeGreaterThan(0);
    const body = readme.slice(start + marker.length, readme.indexOf('```\n', start + marker.length));
    expect(body).toBe(readFileSync(join(ROOT, 'test/readme/library-example.test.ts'), 'utf8'));
  });

  it('starts with the two commands a fresh clone needs', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').slice(2, 6).join('\n')).toContain('npm ci && node bin/idemsim.js compare');
    expect(readme.split('\n').slice(2, 6).join('\n')).toContain('npm test');
  });
});
