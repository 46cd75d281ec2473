// `st-cluster report`: one run of a cluster, from its journal, as HTML or JSON.
import { writeFile } from 'node:fs/promises';
import { journaledCluster } from '../journal/history-view.js';
import { clusterPaths } from '../journal/records.js';
import { reportData, type ReportData } from './report-data.js';
import { renderReportHtml } from './report-html.js';
import { readRunRecords } from './run-records.js';

export interface ReportOptions {
  runId?: string;
  answers?: string;
  cluster?: string;
  stateDir?: string;
  out?: string;
  json?: boolean;
}

export async function buildReport(options: ReportOptions): Promise<{ data: ReportData; written?: string }> {
  const { cluster, stateDir } = await journaledCluster(options);
  const records = await readRunRecords(clusterPaths(stateDir, cluster).journal, options.runId);
  const data = reportData(records);
  if (options.out) {
    await writeFile(options.out, options.json ? `${JSON.stringify(data, null, 2)}\n` : renderReportHtml(data), { mode: 0o644 });
    return { data, written: options.out };
  }
  return { data };
}
