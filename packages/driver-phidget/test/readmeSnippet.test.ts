import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openPhidgetConnections } from '../src/index.js';

// Runs the README's simulator snippet as written (the real phidget22 against the simulator).
const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const snippetFile = fileURLToPath(new URL('./.readme-simulator-snippet.ts', import.meta.url));

describe('README', () => {
  afterEach(() => {
    rmSync(snippetFile, { force: true });
    vi.restoreAllMocks();
    delete process.env.SIM_PHIDGET_PASSWORD;
  });

  it('the simulator snippet gives the password to the source and reads the value it set', async () => {
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    const snippet = blocks.find((b) => b.includes('PhidgetNetworkServerSimulator.start'));
    expect(snippet).toBeDefined();
    expect(snippet).toContain("password: 'lab-secret'");
    expect(snippet).toContain("passwordEnv: 'SIM_PHIDGET_PASSWORD'");
    writeFileSync(snippetFile, snippet as string);
    const logged: unknown[][] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args));
    await import(snippetFile);
    expect(logged).toEqual([[4.2, '°C']]);
    expect(openPhidgetConnections()).toBe(0);
  });
});
