// Run reports as an approver sees them: built from the journal, opened in a real
// headless Chromium, checked on the rendered page (a lane per node, the failed
// action visible with its full error), for a failed, a resumed and a clean run.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { runCli, startLab } from '../support/lab.js';
import { launchChromium } from '../support/browser.js';

type Lab = Awaited<ReturnType<typeof startLab>>;

const BROKEN = '#!/bin/sh\necho "Installation failed: not enough space in /opt (quota exceeded)" >&2\nexit 7\n';

describe('st-cluster report', () => {
  let lab: Lab;
  let browser: Browser;
  let out: string;
  const runIds: Record<string, string> = {};

  beforeAll(async () => {
    lab = await startLab({ nodes: 3 });
    out = await mkdtemp(path.join(tmpdir(), 'st-report-'));
    browser = await launchChromium();
    const node3 = lab.nodes[2]!;
    const setupSh = path.join(node3.root, 'opt/media/SecureTransport/setup.sh');
    await copyFile(setupSh, `${setupSh}.good`);
    await writeFile(setupSh, BROKEN, { mode: 0o755 });
    const failed = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json']);
    expect(failed.exitCode, failed.stderr).toBe(4);
    runIds.failed = String(failed.events.find((e) => e.type === 'run')?.runId);
    await copyFile(`${setupSh}.good`, setupSh);
    const resumed = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--resume', '--json']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    runIds.resumed = String(resumed.events.find((e) => e.type === 'run')?.runId);
    const again = await runCli(['setup', '--answers', lab.answersFile, '--yes', '--json']);
    expect(again.exitCode, again.stderr).toBe(0);
    runIds.again = String(again.events.find((e) => e.type === 'run')?.runId);
  });
  afterAll(async () => {
    await browser?.close();
    await lab?.down();
    if (out) await rm(out, { recursive: true, force: true });
  });

  async function open(file: string) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Self-contained: any request the page makes beyond its own file is a defect.
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file://')) requests.push(r.url());
    });
    await page.goto(`file://${file}`);
    return { page, requests };
  }

  it('shows the failed run: verdict, a lane per node, the failed install on node3 with its full error', async () => {
    const file = path.join(out, 'failed.html');
    const made = await runCli(['report', runIds.failed!.split('-').pop()!, '--answers', lab.answersFile, '--out', file]);
    expect(made.exitCode, made.stderr).toBe(0);
    const html = await readFile(file, 'utf8');
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    const { page, requests } = await open(file);
    // ST_REPORT_SCREENSHOT=docs/report.png keeps the picture README shows.
    await page.screenshot({ path: process.env.ST_REPORT_SCREENSHOT ?? path.join(out, 'failed.png') });
    expect(await page.locator('.lane').count()).toBe(3);
    for (const node of lab.nodes) expect(await page.locator(`.lane[data-node="${node.name}"]`).isVisible()).toBe(true);
    expect(await page.locator('#verdict').innerText()).toContain('step-failed (exit 4)');
    const failedBar = page.locator('.lane[data-node="node3"] .bar.failed');
    expect(await failedBar.count()).toBe(1);
    expect(await failedBar.isVisible()).toBe(true);
    const box = await failedBar.boundingBox();
    expect(box!.width).toBeGreaterThan(0);
    expect(await failedBar.innerText()).toBe('4');
    const failure = page.locator('.failure');
    expect(await failure.innerText()).toContain('not enough space in /opt (quota exceeded)');
    expect(await page.locator('#steps').innerText()).toMatch(/install-others[^\n]*failed/);
    // node1 got through steps 2 and 3: its lane has done bars, and none failed.
    expect(await page.locator('.lane[data-node="node1"] .bar.done').count()).toBeGreaterThan(0);
    expect(await page.locator('.lane[data-node="node1"] .bar.failed').count()).toBe(0);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('shows the resumed run as a resume of the failed one, ending ok', async () => {
    const file = path.join(out, 'resumed.html');
    const made = await runCli(['report', runIds.resumed!, '--answers', lab.answersFile, '--out', file]);
    expect(made.exitCode, made.stderr).toBe(0);
    const { page } = await open(file);
    expect(await page.locator('#verdict').innerText()).toContain('ok (exit 0)');
    expect(await page.locator('dl.facts').innerText()).toContain(runIds.failed!);
    expect(await page.locator('.lane[data-node="node3"] .bar.done').count()).toBeGreaterThan(0);
    expect(await page.locator('.bar.failed').count()).toBe(0);
    await page.close();
  });

  it('defaults to the last run and prints the same data with --json', async () => {
    const json = await runCli(['report', '--answers', lab.answersFile, '--json']);
    expect(json.exitCode, json.stderr).toBe(0);
    const data = JSON.parse(json.stdout) as { runId: string; verdict: { status: string }; nodes: string[]; bars: unknown[]; checks: { id: string }[] };
    expect(data.runId).toBe(runIds.again);
    expect(data.verdict.status).toBe('ok');
    expect(data.nodes).toEqual(['node1', 'node2', 'node3']);
    // Every step was already done: no action ran, yet every check is listed.
    expect(data.bars).toEqual([]);
    expect(data.checks.length).toBeGreaterThan(0);
  });

  it('refuses an unknown run id with the runs it knows (exit 2)', async () => {
    const made = await runCli(['report', 'no-such-run', '--answers', lab.answersFile, '--json']);
    expect(made.exitCode).toBe(2);
    expect(made.stderr).toContain('No run no-such-run');
    expect(made.stderr).toContain('st-cluster history');
  });
});
