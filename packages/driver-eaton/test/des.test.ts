// SNMPv3 privacy with DES needs OpenSSL's legacy provider on Node ≥ 17, so this runs the
// built package (dist/, made by `pnpm build`; `pnpm test` builds first) in a child
// `node --openssl-legacy-provider` against the simulator in the same child process.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

it('v3 authPriv with DES (md5 + des, the oldest combination) reads under --openssl-legacy-provider', async () => {
  const script = `
    const { SnmpUps } = await import(${JSON.stringify(`${DIST}index.js`)});
    const { UpsSimulator } = await import(${JSON.stringify(`${DIST}simulator.js`)});
    const sim = await UpsSimulator.start({ users: [{ name: 'old', level: 'authPriv', authProtocol: 'md5', authKey: 'des-auth-key', privProtocol: 'des', privKey: 'des-priv-key' }] });
    process.env.A = 'des-auth-key'; process.env.P = 'des-priv-key';
    const ups = new SnmpUps({ host: sim.host, port: sim.port, timeoutMs: 1000, user: { name: 'old', authProtocol: 'md5', authKey: { env: 'A' }, privProtocol: 'des', privKey: { env: 'P' } } });
    const [r] = await ups.read();
    console.log(JSON.stringify(r.fields));
    await ups.close(); await sim.stop();
  `;
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise((resolve) => child.on('close', resolve));
  expect(code, err).toBe(0);
  expect(JSON.parse(out)).toMatchObject({ battery_charge_percent: 100, output_source: 'normal', on_battery: false });
});
