import { createHash, randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { encodeNetworkPacket, EVENT_FLAG, NetworkPacketReader, REPLY_FLAG, type NetworkPacket } from './networkPacket.js';
import {
  SIMULATED_BOARDS,
  SIMULATED_HUB,
  THERMOCOUPLE_RANGES,
  type BridgeEntry,
  type SimulatedBoardModel,
  type SimulatedBoardSku,
  type SimulatedChannelClass,
  type SimulatedChannelModel,
} from './simulatedBoards.js';

/** A VINT hub of the simulator and the boards on its ports. */
export interface SimulatedHubOptions {
  /** Hub serial number (what users address a channel by). */
  serialNumber: number;
  /** Board per hub port, for example `{ 4: 'TMP1101', 5: 'TMP1101' }`. */
  ports: Partial<Record<number, SimulatedBoardSku>>;
}

/** Options of {@link PhidgetNetworkServerSimulator.start}. */
export interface PhidgetNetworkServerSimulatorOptions {
  hubs: SimulatedHubOptions[];
  /** Server password; clients must send a proof of it. Default: none (empty). */
  password?: string;
  /** Listen address. Default `127.0.0.1`. */
  host?: string;
  /** TCP port. Default 0 (a free port). */
  port?: number;
}

/** Where a simulated channel is: hub serial number, hub port, channel number and class. */
export interface SimulatedChannelAddress {
  serialNumber: number;
  hubPort: number;
  /** Channel number on the board. Default 0. */
  channel?: number;
  /** Default `TemperatureSensor`. */
  channelClass?: SimulatedChannelClass;
}

/** An error event as a Phidget sends it (phidget22 `ErrorEventCode`, description). */
export interface SimulatedErrorEvent {
  /** For example 4103 (`OUT_OF_RANGE`) or 4113 (`BAD_CONNECTION_CONDITION`). */
  code: number;
  description: string;
}

interface HubState {
  serialNumber: number;
  wireId: number;
}

interface BoardState {
  hub: HubState;
  hubPort: number;
  model: SimulatedBoardModel;
  attached: boolean;
  wireId: number;
  channels: ChannelState[];
}

interface ChannelState {
  board: BoardState;
  model: SimulatedChannelModel;
  wireId: number;
  props: Record<string, BridgeEntry>;
  value: number;
  fault: SimulatedErrorEvent | null;
}

interface OpenChannel {
  timer: NodeJS.Timeout;
  lastSent: number | undefined;
}

interface ClientSession {
  socket: Socket;
  reader: NetworkPacketReader;
  authenticated: boolean;
  nonceS: string;
  salt: string;
  seq: number;
  open: Map<ChannelState, OpenChannel>;
}

const TYPE_HANDSHAKE = 10;
const TYPE_COMMAND = 20;
const ST_COMMAND_REPLY = 40;
const TYPE_DEVICE = 30;
const ST_DEVICE_ATTACH = 50;
const ST_DEVICE_DETACH = 55;
const ST_CHANNEL_OPEN = 60;
const ST_CHANNEL_CLOSE = 65;
const ST_BRIDGE_PACKET = 70;
const ST_CHANNEL_ATTACH = 80;
const BP_SET_STATUS = 0;
const BP_ERROR_EVENT = 17;
const BP_DATA_INTERVAL = 54;
const BP_CHANGE_TRIGGER = 46;
const BP_THERMOCOUPLE_TYPE = 84;
const BP_EVENT_FLAG = 0x01;
const ERR_NO_SUCH_ENTITY = 2;
const ERR_BAD_PASSWORD = 37;

/**
 * A Phidget Network Server on a loopback TCP port that the real `phidget22` library
 * connects to: USB VINT hubs with TMP1101 thermocouple boards (and HUM1001, DAQ1500),
 * values that tests set, detach and re-attach of a board, and error events.
 *
 * It speaks the Phidget network protocol (version 2.x) as phidget22's `NetworkConnection`
 * expects it: the handshake and password proof, device and channel attach messages,
 * channel open/close, and bridge packets (settings from the client, change and error
 * events to it, at each channel's data interval).
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
  private readonly password: string;
  private readonly hubs: HubState[] = [];
  private readonly boards: BoardState[] = [];
  private readonly clients = new Set<ClientSession>();
  private nextWireId = 1;

  private constructor(options: PhidgetNetworkServerSimulatorOptions) {
    this.password = options.password ?? '';
    for (const hubOptions of options.hubs) {
      const hub: HubState = { serialNumber: hubOptions.serialNumber, wireId: this.nextWireId++ };
      this.hubs.push(hub);
      for (const [portText, sku] of Object.entries(hubOptions.ports)) {
        if (sku === undefined) continue;
        const hubPort = Number(portText);
        if (!Number.isInteger(hubPort) || hubPort < 0 || hubPort >= SIMULATED_HUB.ports) {
          throw new RangeError(`hub port ${portText} is not 0..${SIMULATED_HUB.ports - 1}`);
        }
        const model = SIMULATED_BOARDS[sku];
        const board: BoardState = { hub, hubPort, model, attached: true, wireId: 0, channels: [] };
        board.channels = model.channels.map((m) => ({
          board,
          model: m,
          wireId: 0,
          props: m.defaults(),
          value: m.initialValue,
          fault: null,
        }));
        this.assignWireIds(board);
        this.boards.push(board);
      }
    }
    this.server = createServer((socket) => this.accept(socket));
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

  /**
   * Sets a channel's value; it is sent at the channel's data interval (subject to its change trigger).
   *
   * @example
   * sim.setValue({ serialNumber: 620000, hubPort: 4, channel: 1 }, 77.3);
   */
  setValue(address: SimulatedChannelAddress, value: number): void {
    this.channelAt(address).value = value;
  }

  /**
   * A channel's current settings as clients set them: data interval (ms), change trigger,
   * and thermocouple type (phidget22 `ThermocoupleType`, K = 2) where it has one.
   *
   * @example
   * sim.channelSettings({ serialNumber: 620000, hubPort: 4 }); // { dataIntervalMs: 1000, changeTrigger: 0, thermocoupleType: 2 }
   */
  channelSettings(address: SimulatedChannelAddress): { dataIntervalMs: number; changeTrigger: number; thermocoupleType?: number } {
    const channel = this.channelAt(address);
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
    this.channelAt(address).fault = fault;
  }

  /**
   * Sends one error event now to every client that has the channel open.
   *
   * @example
   * sim.sendErrorEvent({ serialNumber: 620000, hubPort: 4 }, { code: 4103, description: 'out of range' });
   */
  sendErrorEvent(address: SimulatedChannelAddress, event: SimulatedErrorEvent): void {
    const channel = this.channelAt(address);
    for (const client of this.clients) {
      if (client.open.has(channel)) this.sendErrorPacket(client, channel, event);
    }
  }

  /**
   * Unplugs the board on a hub port: clients see the device and its channels detach.
   *
   * @example
   * sim.detach({ serialNumber: 620000, hubPort: 4 });
   */
  detach(where: { serialNumber: number; hubPort: number }): void {
    const board = this.boardAt(where.serialNumber, where.hubPort);
    if (!board.attached) return;
    board.attached = false;
    for (const client of this.clients) {
      for (const channel of board.channels) this.stopChannel(client, channel);
      if (client.authenticated) this.sendRequest(client, TYPE_DEVICE, ST_DEVICE_DETACH, { phid: board.wireId, parent: board.hub.wireId });
    }
  }

  /**
   * Plugs a detached board back in (with new device and channel ids, as after a real re-plug).
   *
   * @example
   * sim.attach({ serialNumber: 620000, hubPort: 4 });
   */
  attach(where: { serialNumber: number; hubPort: number }): void {
    const board = this.boardAt(where.serialNumber, where.hubPort);
    if (board.attached) return;
    board.attached = true;
    this.assignWireIds(board);
    for (const channel of board.channels) channel.props = channel.model.defaults();
    for (const client of this.clients) {
      if (client.authenticated) this.announceBoard(client, board);
    }
  }

  /**
   * Drops every client connection (a server restart as clients see it); clients reconnect.
   *
   * @example
   * sim.disconnectClients();
   */
  disconnectClients(): void {
    for (const client of [...this.clients]) this.dropClient(client);
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

  private assignWireIds(board: BoardState): void {
    board.wireId = this.nextWireId++;
    for (const channel of board.channels) channel.wireId = this.nextWireId++;
  }

  private boardAt(serialNumber: number, hubPort: number): BoardState {
    const board = this.boards.find((b) => b.hub.serialNumber === serialNumber && b.hubPort === hubPort);
    if (!board) throw new RangeError(`no simulated board on hub ${serialNumber} port ${hubPort}`);
    return board;
  }

  private channelAt(address: SimulatedChannelAddress): ChannelState {
    const board = this.boardAt(address.serialNumber, address.hubPort);
    const channelClass = address.channelClass ?? 'TemperatureSensor';
    const index = address.channel ?? 0;
    const channel = board.channels.find((c) => c.model.channelClass === channelClass && c.model.index === index);
    if (!channel) {
      throw new RangeError(`no ${channelClass} channel ${index} on ${board.model.sku} at hub ${address.serialNumber} port ${address.hubPort}`);
    }
    return channel;
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const client: ClientSession = {
      socket,
      reader: new NetworkPacketReader(),
      authenticated: false,
      nonceS: randomBytes(16).toString('base64'),
      salt: randomBytes(16).toString('base64'),
      seq: 1,
      open: new Map(),
    };
    this.clients.add(client);
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const packet of client.reader.push(chunk)) this.handle(client, packet);
      } catch {
        this.dropClient(client);
      }
    });
    socket.on('error', () => this.dropClient(client));
    socket.on('close', () => this.dropClient(client));
  }

  private dropClient(client: ClientSession): void {
    for (const open of client.open.values()) clearInterval(open.timer);
    client.open.clear();
    client.authenticated = false;
    this.clients.delete(client);
    client.socket.destroy();
  }

  private handle(client: ClientSession, packet: NetworkPacket): void {
    if (packet.flags & REPLY_FLAG) return; // keepalive replies and the like
    const json = (packet.json ?? {}) as Record<string, unknown>;
    if (packet.type === TYPE_HANDSHAKE) {
      this.handleHandshake(client, packet, json);
      return;
    }
    if (!client.authenticated) {
      this.dropClient(client);
      return;
    }
    if (packet.type !== TYPE_DEVICE) {
      this.reply(client, packet, { E: 20, R: `unsupported request type ${packet.type}` });
      return;
    }
    switch (packet.subtype) {
      case ST_CHANNEL_OPEN:
        this.handleOpen(client, packet, json);
        return;
      case ST_CHANNEL_CLOSE: {
        const channel = this.findChannel(Number(json.phid), Number(json.index));
        if (channel) this.stopChannel(client, channel);
        this.reply(client, packet, { E: 0 });
        return;
      }
      case ST_BRIDGE_PACKET:
        this.handleBridgePacket(client, packet, json);
        return;
      default:
        this.reply(client, packet, { E: 20, R: `unsupported device request ${packet.subtype}` });
    }
  }

  private handleHandshake(client: ClientSession, packet: NetworkPacket, json: Record<string, unknown>): void {
    switch (packet.subtype) {
      case 10: // protocol version
        this.reply(client, packet, { type: 'phid22device', pmajor: 2, pminor: 4, result: json.pmajor === 2 ? 0 : 55 }, TYPE_HANDSHAKE, 11);
        return;
      case 30: // client nonce: answer with ours and a salt
        this.reply(client, packet, { srvname: 'expmon-simulator', result: 0, nonceC: json.nonceC, nonceS: client.nonceS, salt: client.salt, count: 1 }, TYPE_HANDSHAKE, 31);
        return;
      case 32: {
        // proof = base64(sha256(ident + password + nonceC + nonceS + salt))
        const expected = createHash('sha256')
          .update(`phidgetclient${this.password}${String(json.nonceC)}${client.nonceS}${client.salt}`)
          .digest('base64');
        if (json.proof !== expected || json.nonceS !== client.nonceS) {
          this.reply(client, packet, { E: ERR_BAD_PASSWORD, R: 'bad password' });
          setTimeout(() => this.dropClient(client), 50).unref();
          return;
        }
        this.reply(client, packet, { E: 0 });
        client.authenticated = true;
        for (const hub of this.hubs) this.announceHub(client, hub);
        for (const board of this.boards) if (board.attached) this.announceBoard(client, board);
        return;
      }
      default:
        this.dropClient(client);
    }
  }

  private announceHub(client: ClientSession, hub: HubState): void {
    this.sendRequest(client, TYPE_DEVICE, ST_DEVICE_ATTACH, {
      phid: hub.wireId,
      parent: 0,
      type: 'USB',
      deviceID: SIMULATED_HUB.deviceId,
      productID: SIMULATED_HUB.productId,
      interfaceNum: 0,
      version: SIMULATED_HUB.version,
      serialNumber: hub.serialNumber,
      hubPort: 0,
      isHubPort: 0,
      label: '',
      name: SIMULATED_HUB.name,
      fwstr: SIMULATED_HUB.sku,
      index: 0,
    });
  }

  private announceBoard(client: ClientSession, board: BoardState): void {
    this.sendRequest(client, TYPE_DEVICE, ST_DEVICE_ATTACH, {
      phid: board.wireId,
      parent: board.hub.wireId,
      type: 'VINT',
      deviceID: board.model.deviceId,
      vintID: board.model.vintId,
      version: board.model.version,
      serialNumber: board.hub.serialNumber,
      hubPort: board.hubPort,
      isHubPort: 0,
      index: board.hubPort,
      label: '',
      name: board.model.name,
      fwstr: board.model.sku,
    });
    for (const channel of board.channels) {
      this.sendRequest(client, TYPE_DEVICE, ST_CHANNEL_ATTACH, {
        chid: channel.wireId,
        parent: board.wireId,
        uniqueIndex: channel.model.uniqueIndex,
        index: channel.model.index,
        class: channel.model.classId,
        name: channel.model.name,
        channelname: channel.model.name,
        version: 1,
      });
    }
  }

  private findChannel(deviceWireId: number, uniqueIndex: number): ChannelState | undefined {
    const board = this.boards.find((b) => b.attached && b.wireId === deviceWireId);
    return board?.channels.find((c) => c.model.uniqueIndex === uniqueIndex);
  }

  private handleOpen(client: ClientSession, packet: NetworkPacket, json: Record<string, unknown>): void {
    const channel = this.findChannel(Number(json.phid), Number(json.index));
    if (!channel || channel.wireId !== Number(json.channel)) {
      this.reply(client, packet, { E: ERR_NO_SUCH_ENTITY, R: 'no such channel' });
      return;
    }
    if (json.chreset !== 0) channel.props = channel.model.defaults();
    this.stopChannel(client, channel);
    const entries: Record<string, BridgeEntry> = { ...channel.props };
    if (!channel.fault) entries[channel.model.valueProperty] = { t: 'g', v: channel.value };
    this.reply(client, packet, {
      v: 0,
      s: 0,
      f: 0,
      p: BP_SET_STATUS,
      O: channel.wireId,
      c: Object.keys(entries).length,
      e: entries,
    });
    this.startChannel(client, channel);
  }

  private handleBridgePacket(client: ClientSession, packet: NetworkPacket, json: Record<string, unknown>): void {
    const channel = this.findChannel(Number(json.I), Number(json.X));
    if (!channel) {
      this.reply(client, packet, { E: ERR_NO_SUCH_ENTITY, R: 'no such channel' });
      return;
    }
    const entries = (json.e ?? {}) as Record<string, BridgeEntry | undefined>;
    const first = entries['0'];
    switch (json.p) {
      case BP_DATA_INTERVAL:
        if (first) {
          channel.props.dataInterval = { t: 'u', v: Number(first.v) };
          // Restart the event timers of everyone who has it open at the new interval.
          for (const c of this.clients) {
            if (c.open.has(channel)) {
              this.stopChannel(c, channel);
              this.startChannel(c, channel);
            }
          }
        }
        break;
      case BP_CHANGE_TRIGGER:
        if (first) channel.props[channel.model.changeTriggerProperty] = { t: 'g', v: Number(first.v) };
        break;
      case BP_THERMOCOUPLE_TYPE: {
        const range = first ? THERMOCOUPLE_RANGES[Number(first.v)] : undefined;
        if (!first || !range || !('thermocoupleType' in channel.props)) {
          this.reply(client, packet, { E: 21, R: 'unsupported thermocouple type' });
          return;
        }
        channel.props.thermocoupleType = { t: 'd', v: Number(first.v) };
        channel.props.minTemperature = { t: 'g', v: range[0] };
        channel.props.maxTemperature = { t: 'g', v: range[1] };
        break;
      }
      default:
        break; // other settings are accepted and ignored
    }
    this.reply(client, packet, { E: 0 });
  }

  private startChannel(client: ClientSession, channel: ChannelState): void {
    const interval = Math.max(1, Number(channel.props.dataInterval?.v ?? 250));
    const open: OpenChannel = {
      lastSent: undefined,
      timer: setInterval(() => this.tick(client, channel, open), interval),
    };
    open.timer.unref();
    client.open.set(channel, open);
  }

  private stopChannel(client: ClientSession, channel: ChannelState): void {
    const open = client.open.get(channel);
    if (!open) return;
    clearInterval(open.timer);
    client.open.delete(channel);
  }

  private tick(client: ClientSession, channel: ChannelState, open: OpenChannel): void {
    if (channel.fault) {
      this.sendErrorPacket(client, channel, channel.fault);
      open.lastSent = undefined;
      return;
    }
    const trigger = Number(channel.props[channel.model.changeTriggerProperty]?.v ?? 0);
    if (open.lastSent !== undefined && trigger > 0 && Math.abs(channel.value - open.lastSent) < trigger) return;
    open.lastSent = channel.value;
    this.sendEvent(client, channel, channel.model.valueVpkt, { '0': { t: 'g', v: channel.value } });
  }

  private sendErrorPacket(client: ClientSession, channel: ChannelState, event: SimulatedErrorEvent): void {
    this.sendEvent(client, channel, BP_ERROR_EVENT, {
      '0': { t: 'd', v: event.code },
      '1': { t: 's', v: event.description },
    });
  }

  private sendEvent(client: ClientSession, channel: ChannelState, vpkt: number, entries: Record<string, BridgeEntry>): void {
    this.sendRequest(client, TYPE_DEVICE, ST_BRIDGE_PACKET, {
      v: 0,
      s: 0,
      f: BP_EVENT_FLAG,
      p: vpkt,
      O: channel.wireId,
      c: Object.keys(entries).length,
      e: entries,
    });
  }

  private sendRequest(client: ClientSession, type: number, subtype: number, json: unknown): void {
    client.seq = client.seq >= 65535 ? 1 : client.seq + 1;
    this.write(client, { flags: EVENT_FLAG, reqseq: client.seq, repseq: 0, type, subtype, json });
  }

  /** Answers a request; the client matches it by `repseq`. Default type: command reply (20/40). */
  private reply(client: ClientSession, request: NetworkPacket, json: unknown, type = TYPE_COMMAND, subtype = ST_COMMAND_REPLY): void {
    client.seq = client.seq >= 65535 ? 1 : client.seq + 1;
    this.write(client, { flags: REPLY_FLAG, reqseq: client.seq, repseq: request.reqseq, type, subtype, json });
  }

  private write(client: ClientSession, packet: NetworkPacket): void {
    if (!client.socket.destroyed) client.socket.write(encodeNetworkPacket(packet));
  }
}
