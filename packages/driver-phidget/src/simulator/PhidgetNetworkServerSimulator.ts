import { createServer, type AddressInfo, type Server } from 'node:net';
import { SimulatedHubs, type ChannelState, type SimulatedChannelAddress, type SimulatedErrorEvent, type SimulatedHubOptions } from './SimulatedHubs.js';
import { SimulatorClient, type SimulatorClientHost } from './SimulatorClient.js';

/** Options of {@link PhidgetNetworkServerSimulator.start}. */
export interface PhidgetNetworkServerSimulatorOptions {
  hubs: SimulatedHubOptions[];
  /** Server password; clients must send a proof of it. Default: none (empty). */
  password?: string;
  /** Listen address. Default `127.0.0.1`. */
  host?: string;
  /** TCP port. Default 0 (a free port). */
  port?: number;
  /**
   * Period of the server's keep-alive requests (ms), as a real Phidget Network Server sends
   * them; phidget22 closes a connection that gets none for its keep-alive timeout (8 s by
   * default). 0 sends none. Default 2000.
   */
  keepAliveIntervalMs?: number;
}

/**
 * A Phidget Network Server on a loopback TCP port that the real `phidget22` library
 * connects to: USB VINT hubs with TMP1101 thermocouple boards (and HUM1001, DAQ1500),
 * values that tests set, detach and re-attach of a board, error events, keep-alives,
 * errors for settings a channel does not have, and a server that hangs ({@link freeze}).
 *
 * The devices live in {@link SimulatedHubs}; each connection is a {@link SimulatorClient}
 * that speaks the Phidget network protocol (2.x) as phidget22's `NetworkConnection`
 * expects it.
 *
 * @example
 * const sim = await PhidgetNetworkServerSimulator.start({
 *   hubs: [{ serialNumber: 620000, ports: { 4: 'TMP1101', 5: 'TMP1101' } }],
 * });
 * sim.setValue({ serialNumber: 620000, hubPort: 4, channel: 0 }, 23.5);
 * // phidget22: new NetworkConnection({ hostname: sim.host, port: sim.port })
 * await sim.close();
 */
export class PhidgetNetworkServerSimulator {
  private readonly server: Server;
  private readonly devices: SimulatedHubs;
  private readonly clients = new Set<SimulatorClient>();
  private readonly clientHost: SimulatorClientHost;
  private isFrozen = false;
  private valueEvents = 0;

  private constructor(options: PhidgetNetworkServerSimulatorOptions) {
    this.devices = new SimulatedHubs(options.hubs);
    const keepAliveIntervalMs = options.keepAliveIntervalMs ?? 2000;
    if (!Number.isFinite(keepAliveIntervalMs) || keepAliveIntervalMs < 0) throw new RangeError(`keepAliveIntervalMs must be >= 0, got ${keepAliveIntervalMs}`);
    const self = this;
    this.clientHost = {
      devices: this.devices,
      password: options.password ?? '',
      keepAliveIntervalMs,
      get frozen() {
        return self.isFrozen;
      },
      dataIntervalChanged: (channel: ChannelState) => {
        for (const client of this.clients) client.restartChannel(channel);
      },
      dropped: (client: SimulatorClient) => {
        this.clients.delete(client);
      },
      valueEventSent: () => {
        this.valueEvents += 1;
      },
    };
    this.server = createServer((socket) => this.clients.add(new SimulatorClient(socket, this.clientHost)));
  }

  /**
   * Starts a simulator listening on `host:port` (default 127.0.0.1 and a free port).
   *
   * @example
   * const sim = await PhidgetNetworkServerSimulator.start({ hubs: [{ serialNumber: 1, ports: { 0: 'TMP1101' } }] });
   */
  static async start(options: PhidgetNetworkServerSimulatorOptions): Promise<PhidgetNetworkServerSimulator> {
    const sim = new PhidgetNetworkServerSimulator(options);
    await new Promise<void>((resolve, reject) => {
      sim.server.once('error', reject);
      sim.server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        sim.server.off('error', reject);
        resolve();
      });
    });
    return sim;
  }

  /** Listen address. */
  get host(): string {
    return (this.server.address() as AddressInfo).address;
  }

  /** Listen port. */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Number of client connections that passed the handshake. */
  get connectedClients(): number {
    return [...this.clients].filter((c) => c.authenticated).length;
  }

  /** Number of channels that clients have open now (over all connections). */
  get openChannels(): number {
    let n = 0;
    for (const c of this.clients) n += c.open.size;
    return n;
  }

  /** Number of value change events sent so far (over all clients); the value in an open reply is not one. */
  get valueEventsSent(): number {
    return this.valueEvents;
  }

  /** Whether the server is frozen ({@link freeze}). */
  get frozen(): boolean {
    return this.isFrozen;
  }

  /**
   * Sets a channel's value; it is sent at the channel's data interval (subject to its change trigger).
   *
   * @example
   * sim.setValue({ serialNumber: 620000, hubPort: 4, channel: 1 }, 77.3);
   */
  setValue(address: SimulatedChannelAddress, value: number): void {
    this.devices.channelAt(address).value = value;
  }

  /**
   * A channel's current settings as clients set them: data interval (ms), change trigger,
   * and thermocouple type (phidget22 `ThermocoupleType`, K = 2) where it has one.
   *
   * @example
   * sim.channelSettings({ serialNumber: 620000, hubPort: 4 }); // { dataIntervalMs: 1000, changeTrigger: 0, thermocoupleType: 2 }
   */
  channelSettings(address: SimulatedChannelAddress): { dataIntervalMs: number; changeTrigger: number; thermocoupleType?: number } {
    const channel = this.devices.channelAt(address);
    const type = channel.props.thermocoupleType;
    return {
      dataIntervalMs: Number(channel.props.dataInterval?.v),
      changeTrigger: Number(channel.props[channel.model.changeTriggerProperty]?.v),
      ...(type ? { thermocoupleType: Number(type.v) } : {}),
    };
  }

  /**
   * Makes a channel send an error event instead of its value at every data interval
   * (an open thermocouple, an out-of-range input), or clears it with `null`.
   *
   * @example
   * sim.setFault({ serialNumber: 620000, hubPort: 4, channel: 2 }, { code: 4113, description: 'Thermocouple open' });
   */
  setFault(address: SimulatedChannelAddress, fault: SimulatedErrorEvent | null): void {
    this.devices.channelAt(address).fault = fault;
  }

  /**
   * Sends one error event now to every client that has the channel open.
   *
   * @example
   * sim.sendErrorEvent({ serialNumber: 620000, hubPort: 4 }, { code: 4103, description: 'out of range' });
   */
  sendErrorEvent(address: SimulatedChannelAddress, event: SimulatedErrorEvent): void {
    const channel = this.devices.channelAt(address);
    for (const client of this.clients) client.sendErrorEvent(channel, event);
  }

  /**
   * Unplugs the board on a hub port: clients see the device and its channels detach.
   *
   * @example
   * sim.detach({ serialNumber: 620000, hubPort: 4 });
   */
  detach(where: { serialNumber: number; hubPort: number }): void {
    const board = this.devices.boardAt(where.serialNumber, where.hubPort);
    if (!board.attached) return;
    board.attached = false;
    for (const client of this.clients) client.announceDetach(board);
  }

  /**
   * Plugs a detached board back in (with new device and channel ids, as after a real re-plug).
   *
   * @example
   * sim.attach({ serialNumber: 620000, hubPort: 4 });
   */
  attach(where: { serialNumber: number; hubPort: number }): void {
    const board = this.devices.boardAt(where.serialNumber, where.hubPort);
    if (board.attached) return;
    board.attached = true;
    this.devices.assignWireIds(board);
    for (const channel of board.channels) channel.props = channel.model.defaults();
    for (const client of this.clients) client.announceBoard(board);
  }

  /**
   * Hangs the server as a stuck machine would: connections stay open, but it sends
   * nothing (no values, no replies, no keep-alives) and ignores what it gets, until
   * {@link unfreeze}.
   *
   * @example
   * sim.freeze(); // phidget22 gives up after its keep-alive timeout; expmon's watchdog after a few data intervals
   */
  freeze(): void {
    this.isFrozen = true;
  }

  /**
   * Ends a {@link freeze}: the server answers and sends again.
   *
   * @example
   * sim.unfreeze();
   */
  unfreeze(): void {
    this.isFrozen = false;
  }

  /**
   * Drops every client connection (a server restart as clients see it); clients reconnect.
   *
   * @example
   * sim.disconnectClients();
   */
  disconnectClients(): void {
    for (const client of [...this.clients]) client.drop();
  }

  /**
   * Stops listening and drops every client.
   *
   * @example
   * await sim.close();
   */
  async close(): Promise<void> {
    this.disconnectClients();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
