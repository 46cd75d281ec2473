// A real headless Chromium (Debian's `chromium`, driven by playwright-core: no
// browser download). A test that needs it fails, never skips, when it is missing.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? CANDIDATES.find((p) => existsSync(p));
  if (!executablePath) throw new Error('Chromium is missing: apt-get install -y chromium (.ci/run installs it), or set CHROMIUM_PATH');
  // This machine has no network: without these flags Chromium keeps trying to reach Google's hosts.
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
