/**
 * The workshop page, built: the page's script and the simulator's worker bundled for the browser
 * (browser-bundle.ts), and the bundled scenarios read from scenarios/, put into one HTML file.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pageHtml } from '../../web/page-html.js';
import { bundledScenarioFiles } from '../scenario-files.js';
import { bundleForBrowser, webModule } from './browser-bundle.js';

const require = createRequire(import.meta.url);

export async function buildWebPage(): Promise<string> {
  const [pageScript, workerScript] = await Promise.all([
    bundleForBrowser(webModule('page/page-main')),
    bundleForBrowser(webModule('worker-main')),
  ]);
  const scenarios = bundledScenarioFiles().map((file) => ({
    name: file.name,
    text: readFileSync(file.path, 'utf8'),
  }));
  const { version } = require('../../../package.json') as { version: string };
  return pageHtml({
    pageScript,
    workerBase64: Buffer.from(workerScript, 'utf8').toString('base64'),
    scenarios,
    version,
  });
}
