import { describe, expect, it } from 'vitest';
import { freePort, runRunner } from '@expmon/test-servers';
import { COUNTING_CONFIG } from './recorded.js';

// The CLI as a new user meets it: mistakes get one clear line and a pointer to --help.
describe('expmon-runner usage errors', () => {
  it('with no arguments prints the list of commands, not a missing-argument error', async () => {
    const res = await runRunner([]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^Usage: expmon-runner \[options\] \[command\]/);
    for (const cmd of ['run', 'check', 'init', 'flush']) expect(res.stderr).toMatch(new RegExp(`\\n  ${cmd} `));
    expect(res.stderr).not.toContain("missing required argument 'config'");
  });

  it('an unknown word close to a command suggests it', async () => {
    const res = await runRunner(['chek', COUNTING_CONFIG]);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe("expmon-runner: unknown command 'chek'. Did you mean 'check'?\n(see 'expmon-runner --help')\n");
  });

  it('an unknown word that is no file and no near command lists the commands', async () => {
    const res = await runRunner(['frobnicate']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^expmon-runner: 'frobnicate' is neither a command nor a config file \(commands: run, check, init, flush/);
    expect(res.stderr.trim().split('\n')).toHaveLength(2);
  });

  it('a config path without the word run still runs it (run is the default command)', async () => {
    const res = await runRunner(['--log-level', 'warn', COUNTING_CONFIG, '--cycles', '1', '--dry-run']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('a config path that does not exist says so', async () => {
    const res = await runRunner(['no-such-lab.config.ts']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/no-such-lab\.config\.ts: config file not found/);
  });

  it('--log-level loud is a clear one-line error with the choices, no stack trace', async () => {
    const res = await runRunner(['run', COUNTING_CONFIG, '--log-level', 'loud']);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(
      "error: option '--log-level <level>' argument 'loud' is invalid. Allowed choices are debug, info, warn, error.\n(see 'expmon-runner run --help')\n",
    );
  });

  it('a usage error prints one line and a hint to --help instead of the whole help', async () => {
    const missing = await runRunner(['check']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("error: missing required argument 'config'\n(see 'expmon-runner check --help')\n");
    const badOption = await runRunner(['run', COUNTING_CONFIG, '--bogus']);
    expect(badOption.code).toBe(1);
    expect(badOption.stderr).toBe("error: unknown option '--bogus'\n(see 'expmon-runner run --help')\n");
  });

  it('a command that fails (the database is down) says so in one line, without a stack trace', async () => {
    const port = await freePort(); // nothing listens there
    const res = await runRunner(['spikes', COUNTING_CONFIG, '--series', 'count_a', '--since', '1d'], {
      env: { INFLUX_URL: `http://127.0.0.1:${port}`, INFLUX_DATABASE: 'lab' },
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(new RegExp(`^expmon-runner[^\\n]*127\\.0\\.0\\.1:${port}`));
    expect(res.stderr).not.toMatch(/^\s+at /m);
    expect(res.stderr.trim().split('\n').length).toBeLessThanOrEqual(2); // the message (and at most the EXPMON_DEBUG hint)
  });
});
