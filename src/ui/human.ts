// The human reporter: a line per step with the seed's wording, per-node ticks,
// and an ora spinner on a TTY. Plain lines without a TTY; NO_COLOR honoured by chalk.
import chalk from 'chalk';
import ora, { type Ora } from 'ora';
import type { EventSink, RunEvent } from '../engine/events.js';
import { recapLines } from '../engine/recap.js';
import { describeAction, formatDuration } from './format.js';
import { failureText } from './ndjson.js';

const MARK = { pass: chalk.green('✔'), fail: chalk.red('✖'), warn: chalk.yellow('!'), skip: chalk.dim('-') } as const;

export interface HumanOptions {
  write?: (text: string) => void;
  /** Where a failed result goes (default stderr). */
  writeErr?: (text: string) => void;
  tty?: boolean;
  /** Show passing checks too (preflight table); otherwise only what needs attention. */
  showPassing?: boolean;
}

export class HumanReporter implements EventSink {
  private readonly write: (text: string) => void;
  private readonly writeErr: (text: string) => void;
  private readonly spinner: Ora | null;
  private readonly running = new Map<string, string>();
  /** From the run event: how many steps the command walks. */
  private total = 0;
  private dryRun = false;
  private table: Extract<RunEvent, { type: 'check' }>[] = [];
  private paused = false;
  private journal: string | undefined;

  constructor(private readonly options: HumanOptions = {}) {
    this.write = options.write ?? ((text) => process.stdout.write(text));
    this.writeErr = options.writeErr ?? ((text) => process.stderr.write(text));
    this.spinner = options.tty ? ora({ discardStdin: false }) : null;
  }

  emit(event: RunEvent): void {
    this.spinner?.clear();
    switch (event.type) {
      case 'run':
        this.dryRun = event.dryRun;
        this.journal = event.journal;
        this.total = event.steps ?? this.total;
        this.line(chalk.bold(`st-cluster ${event.command}: cluster ${event.cluster}, ${event.nodes.length} nodes (${event.nodes.join(', ')})${event.dryRun ? ', dry run — nothing is changed' : ''}`));
        break;
      case 'step':
        this.step(event);
        break;
      case 'check':
        if (event.status === 'pass' && !this.options.showPassing) break;
        // The preflight table reads best grouped by check, nodes in order, not in arrival order.
        if (this.options.showPassing) this.table.push(event);
        else this.check(event);
        break;
      case 'action':
        this.action(event);
        break;
      case 'host-key':
        this.line(
          chalk.yellow(
            `  ! ${event.node}: ${event.bastion ? 'bastion ' : ''}${event.host}:${event.port} host key ${event.fingerprint} ${event.dryRun ? 'would be trusted (dry run: known_hosts left unchanged)' : `trusted on first use, added to ${event.knownHostsFile}`}`,
          ),
        );
        break;
      case 'notice':
        this.line(chalk.yellow(`  ! ${event.node}: ${event.message}`));
        break;
      case 'admin-pin':
        this.line(chalk.dim(`  • ${event.node}: Admin certificate ${event.fingerprint} pinned (${event.source})`));
        break;
      case 'plan':
        this.line('');
        this.line(chalk.bold(`Plan: ${event.summary}`));
        break;
      case 'recap':
        this.spinner?.stop();
        this.line('');
        this.line(chalk.bold('Recap per node:'));
        for (const line of recapLines(event)) this.line(`  ${line}`);
        break;
      case 'result':
        this.spinner?.stop();
        if (event.exitCode === 0) this.line(chalk.green.bold(event.message ?? 'Done.'));
        // A failure and its fix on one stream (stderr), the message first.
        else this.writeErr(chalk.red.bold(failureText(event).replace(/\n$/, '')) + '\n');
        break;
    }
    this.render();
  }

  private check(event: Extract<RunEvent, { type: 'check' }>): void {
    this.line(`  ${MARK[event.status]} ${event.id.padEnd(24)} ${event.node ? `${event.node}: ` : ''}${event.detail.replace(`${event.node}: `, '')}`);
    if (event.acceptedRisk) this.line(chalk.yellow(`      risk accepted: ${event.acceptedRisk}`));
    if (event.fix && event.status !== 'pass') this.line(chalk.dim(`      fix: ${event.fix}`));
  }

  private flushTable(): void {
    const order = [...new Set(this.table.map((e) => e.id))];
    const rows = [...this.table].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id) || (a.node ?? '').localeCompare(b.node ?? '', undefined, { numeric: true }));
    this.table = [];
    for (const row of rows) this.check(row);
  }

  private step(event: Extract<RunEvent, { type: 'step' }>): void {
    if (event.status !== 'started') this.flushTable();
    const head = `Step ${event.number}/${this.total}  ${event.title}`;
    if (event.status === 'started') {
      this.line('');
      this.line(chalk.bold(head));
      if (event.seed) this.line(chalk.dim(`  “${event.seed}”`));
      return;
    }
    const said: Record<string, string> = {
      done: chalk.green('  done'),
      'already-done': chalk.cyan(`  already done — nothing to change${event.after?.length ? ` (${event.reason ?? ''})` : ''}`),
      skipped: chalk.dim(`  skipped: ${event.reason ?? ''}`),
      failed: chalk.red(`  failed: ${event.reason ?? ''}`),
      planned: chalk.cyan(`  ${event.reason ?? 'would run'}`),
    };
    if (event.status === 'skipped') {
      this.line('');
      this.line(chalk.dim(head));
    }
    this.line(said[event.status] ?? event.status);
  }

  private action(event: Extract<RunEvent, { type: 'action' }>): void {
    const key = event.id;
    if (event.status === 'planned') {
      // A real run shows what happens as it happens; the whole plan is for dry runs.
      if (!this.dryRun) return;
      const [firstLine, ...rest] = describeAction(event);
      this.line(`  ${chalk.cyan(event.node.padEnd(10))} ${firstLine ?? event.summary}`);
      for (const more of rest) this.line(`  ${' '.repeat(10)} ${more}`);
      return;
    }
    if (event.status === 'started') {
      this.running.set(key, `${event.node}: ${event.summary}`);
      return;
    }
    this.running.delete(key);
    const took = event.durationMs !== undefined ? chalk.dim(` (${formatDuration(event.durationMs)})`) : '';
    if (event.status === 'done') this.line(`  ${MARK.pass} ${event.node.padEnd(10)} ${event.summary}${took}`);
    else this.failed(event);
  }

  /** The error keeps the output's last lines; the whole of it is in the journal. */
  private failed(event: Extract<RunEvent, { type: 'action' }>): void {
    this.line(`  ${MARK.fail} ${event.node.padEnd(10)} ${event.summary}: ${event.error ?? 'failed'}`);
    const kept = [event.stderr !== undefined ? 'stderr' : '', event.stdout !== undefined ? 'stdout' : ''].filter(Boolean).join(' and ');
    if (kept && this.journal) this.line(chalk.dim(`      its full ${kept}: action ${event.id} in the journal ${this.journal}`));
  }

  /** While the operator answers a question: no spinner drawn over the prompt. */
  pause(): void {
    this.paused = true;
    this.spinner?.stop();
  }

  resume(): void {
    this.paused = false;
    this.render();
  }

  private line(text: string): void {
    this.write(`${text}\n`);
  }

  private render(): void {
    if (!this.spinner || this.paused) return;
    if (this.running.size === 0) {
      this.spinner.stop();
      return;
    }
    this.spinner.text = [...this.running.values()].slice(0, 4).join('  ·  ') + (this.running.size > 4 ? `  (+${this.running.size - 4})` : '');
    if (!this.spinner.isSpinning) this.spinner.start();
  }
}
