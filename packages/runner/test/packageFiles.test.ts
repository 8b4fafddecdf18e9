import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COUNTING_CONFIG } from './recorded.js';

// Every published package ships the MIT LICENSE, and every file its `files` list names exists
// (CHANGELOG.md was listed without existing), so the tarball on npm is what package.json says.
const PACKAGES = join(COUNTING_CONFIG, '..', '..', '..', '..');
const published = readdirSync(PACKAGES)
  .filter((d) => existsSync(join(PACKAGES, d, 'package.json')))
  .map((d) => ({ dir: join(PACKAGES, d), json: JSON.parse(readFileSync(join(PACKAGES, d, 'package.json'), 'utf8')) as { name: string; private?: boolean; license?: string; files?: string[] } }))
  .filter((p) => !p.json.private);

describe('published packages', () => {
  it('are found', () => {
    expect(published.map((p) => p.json.name)).toEqual(expect.arrayContaining(['@expmon/core', '@expmon/runner', '@expmon/driver-phidget']));
  });

  it.each(published.map((p) => [p.json.name, p] as const))('%s ships LICENSE (MIT, expmon contributors) and every file it lists', (_name, p) => {
    expect(p.json.license).toBe('MIT');
    expect(p.json.files).toContain('LICENSE');
    const license = readFileSync(join(p.dir, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 expmon contributors\n/);
    for (const f of p.json.files ?? []) {
      if (f === 'dist') continue; // built output, checked by publint
      expect(existsSync(join(p.dir, f)), `${p.json.name}: files lists ${f}`).toBe(true);
    }
  });

  it.each(published.map((p) => [p.json.name, p] as const))('%s README links to examples/ and docs/ by absolute URL (relative links are dead on npm)', (_name, p) => {
    const readme = readFileSync(join(p.dir, 'README.md'), 'utf8');
    expect(readme).not.toMatch(/\]\((\.\.\/)+/);
  });
});
