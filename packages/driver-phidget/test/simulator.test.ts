import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, NetworkConnection, TemperatureSensor, VoltageInput } from 'phidget22';
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

  it('answers a setting the channel does not have with an error, as a real server does', async () => {
    sim = await PhidgetNetworkServerSimulator.start({ hubs: [{ serialNumber: 620000, ports: { 4: 'TMP1101' } }] });
    conn = new NetworkConnection({ hostname: sim.host, port: sim.port });
    await conn.connect();
    const v = new VoltageInput();
    v.setDeviceSerialNumber(620000);
    v.setHubPort(4);
    v.setChannel(0);
    await v.open(3000);
    // phidget22 sends this one to the server (bridge packet 122); the simulated board has no such setting.
    const error = (await v.setSensorValueChangeTrigger(1).catch((e: unknown) => e)) as { errorCode?: number; message?: string };
    expect(error.errorCode).toBe(ErrorCode.UNSUPPORTED);
    expect(error.message).toBe('setting 122 is not supported by Voltage Input');
    // Settings it has still work.
    await v.setDataInterval(100);
    expect(sim.channelSettings({ serialNumber: 620000, hubPort: 4, channel: 0, channelClass: 'VoltageInput' }).dataIntervalMs).toBe(100);
    await v.close();
  });

  it('sends keep-alives, so phidget22 keeps the connection; frozen, it sends none and phidget22 drops it', async () => {
    sim = await PhidgetNetworkServerSimulator.start({ keepAliveIntervalMs: 100, hubs: [{ serialNumber: 620000, ports: { 4: 'TMP1101' } }] });
    const errors: number[] = [];
    conn = new NetworkConnection({ hostname: sim.host, port: sim.port, onError: (code: number) => void errors.push(code) });
    conn.setKeepAlive(2000);
    await conn.connect();
    await new Promise((resolve) => setTimeout(resolve, 3000)); // longer than the keep-alive timeout
    expect(errors).toEqual([]);
    expect(conn.connected).toBe(true);
    sim.freeze();
    expect(sim.frozen).toBe(true);
    await expect.poll(() => errors, { timeout: 20_000 }).toContain(ErrorCode.KEEP_ALIVE);
    expect(conn.connected).toBe(false);
  });
});
