import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

interface LockedPackage {
  version?: string;
  engines?: { node?: string } | string[];
}

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as { packages: Record<string, LockedPackage> };

/** Every installed package that says which Node it needs (runtime and the test/build tools: `npm start` and `npm test` install both). */
const needs = Object.entries(lock.packages)
  .filter(([path, entry]) => path !== '' && !Array.isArray(entry.engines) && entry.engines?.node)
  .map(([path, entry]) => ({ name: path.replace(/^.*node_modules\//, ''), node: (entry.engines as { node: string }).node }));

describe('engines.node in package.json', () => {
  const ours = pkg.engines.node;
  // The lowest version of each part of our range, e.g. 20.19.0 and 22.13.0.
  const lowest = ours.split('||').map((part) => semver.minVersion(part.trim())!.version);

  it.each(lowest)('%s, the lowest version it admits on its line, is one every installed package accepts', (version) => {
    expect(needs.length).toBeGreaterThan(100);
    expect(needs.filter((need) => !semver.satisfies(version, need.node)).map((need) => `${need.name} needs ${need.node}`)).toEqual([]);
  });

  it('is no looser than the tightest need: Node 20.18 is refused, as vite and undici refuse it', () => {
    expect(semver.satisfies('20.18.0', ours)).toBe(false);
    expect(needs.some((need) => !semver.satisfies('20.18.0', need.node))).toBe(true);
  });
});
