// `npm test`: installs dependencies when needed, runs vitest, and ends with one plain summary line
// ("tests: N passed, N failed, N skipped") that any CI can read.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDependencies } from './dependencies.mjs';

ensureDependencies();
const reportDir = mkdtempSync(join(tmpdir(), 'vitest-report-'));
const reportFile = join(reportDir, 'report.json');
const run = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
try {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const skipped = report.numPendingTests + report.numTodoTests;
  console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
} catch {
  console.log('tests: no report was written');
}
rmSync(reportDir, { recursive: true, force: true });
process.exit(run.status ?? 1);
