import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findNodeOnlyUses, runtimeImportsOf } from './browser-rules.js';

const SRC = join(import.meta.dirname, '..', '..', 'src');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('tidy: everything from engine to report, and web, runs in a browser', () => {
  it('imports no Node module at run time and uses no Node global there', () => {
    const findings = sourceFiles(SRC).flatMap((file) =>
      findNodeOnlyUses(relative(SRC, file).split('\\').join('/'), readFileSync(file, 'utf8')),
    );
    expect(findings).toEqual([]);
  });
});

describe('tidy: the browser rule catches what it must', () => {
  it('flags runtime imports of Node modules, with or without node:, and lets type-only ones pass', () => {
    const source = [
      "import { EventEmitter } from 'node:events';",
      "import { readFileSync } from 'fs';",
      "import { type Readable } from 'node:stream';", // kept at run time under verbatimModuleSyntax
      "export { join } from 'node:path';",
      "import 'node:process';",
      "const os = await import('node:os');",
      "import type { Socket } from 'node:net';",
      "export type { Worker } from 'node:worker_threads';",
      "import { Buffer } from 'buffer/';", // the npm package, not Node's module
      "import { x } from '../engine/effects.js';",
    ].join('\n');
    expect(runtimeImportsOf(source)).toEqual([
      'node:events',
      'fs',
      'node:stream',
      'node:path',
      'buffer/',
      '../engine/effects.js',
      'node:process',
      'node:os',
    ]);
    expect(findNodeOnlyUses('world/x.ts', source).map((finding) => finding.problem)).toEqual([
      'imports node:events at run time: world must run in a browser (a type-only import is fine)',
      'imports fs at run time: world must run in a browser (a type-only import is fine)',
      'imports node:stream at run time: world must run in a browser (a type-only import is fine)',
      'imports node:path at run time: world must run in a browser (a type-only import is fine)',
      'imports node:process at run time: world must run in a browser (a type-only import is fine)',
      'imports node:os at run time: world must run in a browser (a type-only import is fine)',
    ]);
  });

  it("flags Node's globals, not look-alikes, and leaves cli, conformance and index alone", () => {
    expect(
      findNodeOnlyUses('components/x.ts', 'Buffer.isBuffer(v); require("x"); __dirname;').map(
        (finding) => finding.problem,
      ),
    ).toEqual([
      "uses Node's global Buffer: components must run in a browser",
      "uses Node's global require: components must run in a browser",
      "uses Node's global __dirname / __filename: components must run in a browser",
    ]);
    expect(
      findNodeOnlyUses(
        'report/x.ts',
        "new ArrayBuffer(8); this.require(1); // Buffer.from(x)\nrequired(1);\nimport { Buffer } from 'buffer/';",
      ),
    ).toEqual([]);
    for (const path of ['cli/x.ts', 'conformance/x.ts', 'index.ts'])
      expect(findNodeOnlyUses(path, "import { readFileSync } from 'node:fs'; Buffer.from('');")).toEqual([]);
  });
});
