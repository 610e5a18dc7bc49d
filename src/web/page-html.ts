/**
 * The workshop page as one HTML file: the shell, its style, the page's script, and the simulator's
 * worker bundle and the bundled scenarios as data. One file opens from disk (file://), from any
 * static host, and offline alike; nothing is fetched.
 */
import { PAGE_STYLE } from './page-style.js';
import type { ScenarioText } from './web-protocol.js';

export interface PageParts {
  /** The page's script (an IIFE bundle of page/page-main.ts). */
  readonly pageScript: string;
  /** The worker's script (an IIFE bundle of worker-main.ts), base64-encoded UTF-8. */
  readonly workerBase64: string;
  readonly scenarios: readonly ScenarioText[];
  /** The version the page says it is (package.json's). */
  readonly version: string;
}

/** Text that would end an inline script early, or start HTML's escaped script state. */
const UNSAFE_IN_SCRIPT = /<\/script|<!--/i;

export function pageHtml(parts: PageParts): string {
  if (UNSAFE_IN_SCRIPT.test(parts.pageScript))
    throw new Error('the page script contains </script or <!--, so it cannot be inlined');
  // In JSON `<` may be written \u003c: no string in the data can then close the element.
  const scenarios = JSON.stringify(parts.scenarios).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>idemsim workshop</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header class="locks">
  <h1>idemsim workshop</h1>
  <label>Scenario <select id="scenario"></select></label>
  <label>or a file of your own <input type="file" id="own-file" accept=".yaml,.yml"></label>
</header>
<p id="problem" role="alert"></p>
<main>
<section id="setup" class="locks">
  <h2 id="title">Loading the simulator…</h2>
  <div id="story"></div>
  <h3>Settings</h3>
  <p class="hint">Type a value and press Enter (durations like 1.5s or 250ms). Hover a setting for what it means.</p>
  <table id="knobs"></table>
  <h3>Faults</h3>
  <ul id="faults"></ul>
  <p id="changes"></p>
  <button type="button" id="reset">Back to the scenario as written</button>
</section>
<section id="run-section" class="locks">
  <button type="button" id="run">Run every strategy</button>
  <progress id="progress" hidden></progress>
  <div id="result"></div>
</section>
<section id="story-section" tabindex="-1" hidden></section>
<section id="export-section" class="locks">
  <h2>Take this setup to the command line</h2>
  <label>File name <input type="text" id="export-name" size="36" spellcheck="false"></label>
  <button type="button" id="export">Save as a scenario file</button>
  <p id="export-done" class="hint"></p>
  <details>
    <summary>The last run as JSON, as <code>idemsim compare <span id="json-file"></span> --json</code> prints it</summary>
    <pre id="json"></pre>
  </details>
</section>
</main>
<footer class="hint">idemsim ${escapeHtml(parts.version)} · runs in this browser, offline · same setup, same seeds, same numbers as the command line</footer>
<script type="application/json" id="idemsim-scenarios">${scenarios}</script>
<script type="text/plain" id="idemsim-worker">${parts.workerBase64}</script>
<script>${parts.pageScript}</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}
