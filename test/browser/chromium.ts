/**
 * The system Chromium (Debian's `chromium` package), driven by playwright-core: browsers cannot
 * be downloaded here, so tests use the one the machine has, or skip with a one-line reason.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Where Debian (and Ubuntu's deb) put the browser; IDEMSIM_CHROMIUM overrides. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string | undefined {
  const override = process.env['IDEMSIM_CHROMIUM'];
  if (override !== undefined && override !== '') return existsSync(override) ? override : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

/** Why browser tests cannot run here, as one line; undefined when they can. */
export function browserSkipReason(): string | undefined {
  return chromiumPath() === undefined
    ? 'browser tests skipped: no Chromium found (apt-get install -y chromium, or set IDEMSIM_CHROMIUM)'
    : undefined;
}

/**
 * Flags for a closed network: without the background-networking ones Chromium keeps trying to
 * reach Google's hosts, and as root it needs --no-sandbox.
 */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchedBrowser {
  /** The browser's one context (pages: `context.newPage()`). */
  readonly context: BrowserContext;
  /** Closes the browser and removes its throw-away profile. */
  close(): Promise<void>;
}

/** Starts the system Chromium with a new empty profile. Call only when `browserSkipReason()` is undefined. */
export async function launchChromium(): Promise<LaunchedBrowser> {
  const executablePath = chromiumPath();
  if (executablePath === undefined) throw new Error(browserSkipReason());
  const profile = mkdtempSync(join(tmpdir(), 'idemsim-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    args: FLAGS,
    headless: true,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
