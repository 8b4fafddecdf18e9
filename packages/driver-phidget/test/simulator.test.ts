import { afterEach, describe, expect, it } from 'vitest';
import { NetworkConnection, TemperatureSensor } from 'phidget22';
import { PhidgetNetworkServerSimulator } from '../src/simulator.js';

// The real phidget22 library (its NetworkConnection) against the simulated Phidget Network Server.
describe('PhidgetNetworkServerSimulator with the real phidget22 client', () => {
  let sim: PhidgetNetworkServerSimulator | undefined;
  let conn: NetworkConnection | undefined;
  afterEach(async () => {
    if (conn) {
      conn.close();
      conn.delete();
      conn = undefined;
    }
    await sim?.close();
    sim = undefined;
  });

  it('attaches a TMP1101 thermocouple channel and reports its value', async () => {
    sim = await PhidgetNetworkServerSimulator.start({ hubs: [{ serialNumber: 620000, ports: { 4: 'TMP1101' } }] });
    sim.setValue({ serialNumber: 620000, hubPort: 4, channel: 2 }, 123.25);
    conn = new NetworkConnection({ hostname: sim.host, port: sim.port });
    await conn.connect();
    const ch = new TemperatureSensor();
    ch.setDeviceSerialNumber(620000);
    ch.setHubPort(4);
    ch.setChannel(2);
    await ch.open(3000);
    expect(ch.getDeviceSKU()).toBe('TMP1101');
    expect(ch.getTemperature()).toBe(123.25);
    await ch.setDataInterval(50);
    const next = await new Promise<number>((resolve) => {
      ch.onTemperatureChange = (t) => resolve(t);
    });
    expect(next).toBe(123.25);
    await ch.close();
  });

  it('rejects a wrong password', async () => {
    sim = await PhidgetNetworkServerSimulator.start({ password: 'secret', hubs: [{ serialNumber: 1, ports: { 0: 'TMP1101' } }] });
    conn = new NetworkConnection({ hostname: sim.host, port: sim.port, passwd: 'wrong' });
    await expect(conn.connect()).rejects.toThrow(/authentication failed/);
  });

  it('accepts the right password', async () => {
    sim = await PhidgetNetworkServerSimulator.start({ password: 'secret', hubs: [{ serialNumber: 1, ports: { 0: 'TMP1101' } }] });
    conn = new NetworkConnection({ hostname: sim.host, port: sim.port, passwd: 'secret' });
    await conn.connect();
    expect(sim.connectedClients).toBe(1);
  });
});
