import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * A fresh `git clone` placed anywhere runs the tests: nothing in the project reads outside its own folder.
 * The clone sits alone in an empty temporary folder (no ../shared beside it); only node_modules is linked
 * in, as `npm ci` would have made it.
 */
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const parent = mkdtempSync(join(tmpdir(), 'szs-clone-'));
const clone = join(parent, 'repo');

afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('a fresh clone', () => {
  it('passes the manifest check with nothing beside it', () => {
    const head = execFileSync('git', ['-C', repoRoot, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    execFileSync('git', ['clone', '--quiet', '--no-checkout', repoRoot, clone]);
    execFileSync('git', ['-C', clone, 'checkout', '--quiet', head]);
    symlinkSync(join(repoRoot, 'node_modules'), join(clone, 'node_modules'), 'dir');
    expect(readdirSync(parent)).toEqual(['repo']);

    const output = execFileSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/manifest.test.ts'], {
      cwd: clone,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(output).toMatch(/Tests\s+4 passed/);
  }, 180_000);
});
