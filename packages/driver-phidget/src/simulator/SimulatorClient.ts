import { createHash, randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { encodeNetworkPacket, EVENT_FLAG, NetworkPacketReader, REPLY_FLAG, type NetworkPacket } from './networkPacket.js';
import { PROTOCOL as P } from './protocolCodes.js';
import type { BoardState, ChannelState, HubState, SimulatedErrorEvent, SimulatedHubs } from './SimulatedHubs.js';
import { SIMULATED_HUB, THERMOCOUPLE_RANGES, type BridgeEntry } from './simulatedBoards.js';

/**
 * What a client session needs from the server it belongs to.
 *
 * @example
 * const host: SimulatorClientHost = { devices, password: '', keepAliveIntervalMs: 2000, frozen: false, dataIntervalChanged() {}, dropped() {}, valueEventSent() {} };
 */
export interface SimulatorClientHost {
  readonly devices: SimulatedHubs;
  readonly password: string;
  /** Keep-alive period (ms); 0 sends none. */
  readonly keepAliveIntervalMs: number;
  /** While true the server sends nothing at all (no replies, events or keep-alives). */
  readonly frozen: boolean;
  /** A client changed a channel's data interval: restart its timers for every client. */
  dataIntervalChanged(channel: ChannelState): void;
  /** The session ended (socket closed, bad handshake). */
  dropped(client: SimulatorClient): void;
  /** A value change event was sent (the server counts them). */
  valueEventSent(): void;
}

interface OpenChannel {
  timer: NodeJS.Timeout;
  lastSent: number | undefined;
}

/**
 * One client connection of the simulated Phidget Network Server: the handshake and
 * password proof, device and channel announcements, channel open/close, settings
 * (bridge packets), value and error events at each channel's data interval, and the
 * server's keep-alives.
 *
 * @example
 * server.on('connection', (socket) => clients.add(new SimulatorClient(socket, host)));
 */
export class SimulatorClient {
  authenticated = false;
  readonly open = new Map<ChannelState, OpenChannel>();
  private readonly reader = new NetworkPacketReader();
  private readonly nonceS = randomBytes(16).toString('base64');
  private readonly salt = randomBytes(16).toString('base64');
  private seq = 1;
  private keepAlive: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly host: SimulatorClientHost,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      if (this.host.frozen) return; // a hung server reads nothing either
      try {
        for (const packet of this.reader.push(chunk)) this.handle(packet);
      } catch {
        this.drop();
      }
    });
    socket.on('error', () => this.drop());
    socket.on('close', () => this.drop());
  }

  /** Ends the session and closes the socket (a server restart as the client sees it). */
  drop(): void {
    if (this.closed) return;
    this.closed = true;
    for (const open of this.open.values()) clearInterval(open.timer);
    this.open.clear();
    clearInterval(this.keepAlive);
    this.authenticated = false;
    this.socket.destroy();
    this.host.dropped(this);
  }

  /** Tells the client a board was unplugged (its channels stop). */
  announceDetach(board: BoardState): void {
    for (const channel of board.channels) this.stopChannel(channel);
    if (this.authenticated) this.sendRequest(P.TYPE_DEVICE, P.ST_DEVICE_DETACH, { phid: board.wireId, parent: board.hub.wireId });
  }

  /** Tells the client a board and its channels are there. */
  announceBoard(board: BoardState): void {
    if (!this.authenticated) return;
    this.sendRequest(P.TYPE_DEVICE, P.ST_DEVICE_ATTACH, {
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
      this.sendRequest(P.TYPE_DEVICE, P.ST_CHANNEL_ATTACH, {
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

  /** Sends an error event of a channel now, if the client has it open. */
  sendErrorEvent(channel: ChannelState, event: SimulatedErrorEvent): void {
    if (!this.open.has(channel)) return;
    this.sendEvent(channel, P.BP_ERROR_EVENT, { '0': { t: 'd', v: event.code }, '1': { t: 's', v: event.description } });
  }

  /** Restarts a channel's event timer (its data interval changed). */
  restartChannel(channel: ChannelState): void {
    if (!this.open.has(channel)) return;
    this.stopChannel(channel);
    this.startChannel(channel);
  }

  private handle(packet: NetworkPacket): void {
    if (packet.flags & REPLY_FLAG) return; // keep-alive answers and the like
    const json = (packet.json ?? {}) as Record<string, unknown>;
    if (packet.type === P.TYPE_HANDSHAKE) {
      this.handleHandshake(packet, json);
      return;
    }
    if (!this.authenticated) {
      this.drop();
      return;
    }
    if (packet.type !== P.TYPE_DEVICE) {
      this.reply(packet, { E: P.ERR_UNSUPPORTED, R: `unsupported request type ${packet.type}` });
      return;
    }
    switch (packet.subtype) {
      case P.ST_CHANNEL_OPEN:
        this.handleOpen(packet, json);
        return;
      case P.ST_CHANNEL_CLOSE: {
        const channel = this.host.devices.findChannel(Number(json.phid), Number(json.index));
        if (channel) this.stopChannel(channel);
        this.reply(packet, { E: 0 });
        return;
      }
      case P.ST_BRIDGE_PACKET:
        this.handleBridgePacket(packet, json);
        return;
      default:
        this.reply(packet, { E: P.ERR_UNSUPPORTED, R: `unsupported device request ${packet.subtype}` });
    }
  }

  private handleHandshake(packet: NetworkPacket, json: Record<string, unknown>): void {
    switch (packet.subtype) {
      case 10: // protocol version
        this.reply(packet, { type: 'phid22device', pmajor: 2, pminor: 4, result: json.pmajor === 2 ? 0 : 55 }, P.TYPE_HANDSHAKE, 11);
        return;
      case 30: // client nonce: answer with ours and a salt
        this.reply(packet, { srvname: 'expmon-simulator', result: 0, nonceC: json.nonceC, nonceS: this.nonceS, salt: this.salt, count: 1 }, P.TYPE_HANDSHAKE, 31);
        return;
      case 32: {
        // proof = base64(sha256(ident + password + nonceC + nonceS + salt))
        const expected = createHash('sha256')
          .update(`phidgetclient${this.host.password}${String(json.nonceC)}${this.nonceS}${this.salt}`)
          .digest('base64');
        if (json.proof !== expected || json.nonceS !== this.nonceS) {
          this.reply(packet, { E: P.ERR_BAD_PASSWORD, R: 'bad password' });
          setTimeout(() => this.drop(), 50).unref();
          return;
        }
        this.reply(packet, { E: 0 });
        this.authenticated = true;
        this.startKeepAlives();
        for (const hub of this.host.devices.hubs) this.announceHub(hub);
        for (const board of this.host.devices.boards) if (board.attached) this.announceBoard(board);
        return;
      }
      default:
        this.drop();
    }
  }

  /** Like a real server: a keep-alive request every period; phidget22 drops a connection that stops sending them. */
  private startKeepAlives(): void {
    if (this.host.keepAliveIntervalMs <= 0) return;
    this.keepAlive = setInterval(() => this.sendRequest(P.TYPE_COMMAND, P.ST_KEEP_ALIVE, undefined), this.host.keepAliveIntervalMs);
    this.keepAlive.unref();
  }

  private announceHub(hub: HubState): void {
    this.sendRequest(P.TYPE_DEVICE, P.ST_DEVICE_ATTACH, {
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

  private handleOpen(packet: NetworkPacket, json: Record<string, unknown>): void {
    const channel = this.host.devices.findChannel(Number(json.phid), Number(json.index));
    if (!channel || channel.wireId !== Number(json.channel)) {
      this.reply(packet, { E: P.ERR_NO_SUCH_ENTITY, R: 'no such channel' });
      return;
    }
    if (json.chreset !== 0) channel.props = channel.model.defaults();
    this.stopChannel(channel);
    const entries: Record<string, BridgeEntry> = { ...channel.props };
    if (!channel.fault) entries[channel.model.valueProperty] = { t: 'g', v: channel.value };
    this.reply(packet, { v: 0, s: 0, f: 0, p: P.BP_SET_STATUS, O: channel.wireId, c: Object.keys(entries).length, e: entries });
    this.startChannel(channel);
  }

  private handleBridgePacket(packet: NetworkPacket, json: Record<string, unknown>): void {
    const channel = this.host.devices.findChannel(Number(json.I), Number(json.X));
    if (!channel) {
      this.reply(packet, { E: P.ERR_NO_SUCH_ENTITY, R: 'no such channel' });
      return;
    }
    const entries = (json.e ?? {}) as Record<string, BridgeEntry | undefined>;
    const first = entries['0'];
    switch (json.p) {
      case P.BP_DATA_INTERVAL: {
        const ms = Number(first?.v);
        const min = Number(channel.props.minDataInterval?.v ?? 1);
        const max = Number(channel.props.maxDataInterval?.v ?? 60000);
        if (!first || !Number.isFinite(ms) || ms < min || ms > max) {
          this.reply(packet, { E: P.ERR_INVALID_ARGUMENT, R: `data interval must be ${min}..${max} ms` });
          return;
        }
        channel.props.dataInterval = { t: 'u', v: ms };
        this.host.dataIntervalChanged(channel);
        break;
      }
      case P.BP_CHANGE_TRIGGER:
        if (!first) {
          this.reply(packet, { E: P.ERR_INVALID_ARGUMENT, R: 'change trigger missing' });
          return;
        }
        channel.props[channel.model.changeTriggerProperty] = { t: 'g', v: Number(first.v) };
        break;
      case P.BP_THERMOCOUPLE_TYPE: {
        if (!('thermocoupleType' in channel.props)) {
          this.reply(packet, { E: P.ERR_UNSUPPORTED, R: `${channel.model.name} has no thermocouple type` });
          return;
        }
        const range = first ? THERMOCOUPLE_RANGES[Number(first.v)] : undefined;
        if (!first || !range) {
          this.reply(packet, { E: P.ERR_INVALID_ARGUMENT, R: 'unsupported thermocouple type' });
          return;
        }
        channel.props.thermocoupleType = { t: 'd', v: Number(first.v) };
        channel.props.minTemperature = { t: 'g', v: range[0] };
        channel.props.maxTemperature = { t: 'g', v: range[1] };
        break;
      }
      default:
        // A real server answers a setting the channel does not have with an error, too.
        this.reply(packet, { E: P.ERR_UNSUPPORTED, R: `setting ${String(json.p)} is not supported by ${channel.model.name}` });
        return;
    }
    this.reply(packet, { E: 0 });
  }

  private startChannel(channel: ChannelState): void {
    const interval = Math.max(1, Number(channel.props.dataInterval?.v ?? 250));
    const open: OpenChannel = { lastSent: undefined, timer: setInterval(() => this.tick(channel, open), interval) };
    open.timer.unref();
    this.open.set(channel, open);
  }

  private stopChannel(channel: ChannelState): void {
    const open = this.open.get(channel);
    if (!open) return;
    clearInterval(open.timer);
    this.open.delete(channel);
  }

  private tick(channel: ChannelState, open: OpenChannel): void {
    if (channel.fault) {
      this.sendErrorEvent(channel, channel.fault);
      open.lastSent = undefined;
      return;
    }
    const trigger = Number(channel.props[channel.model.changeTriggerProperty]?.v ?? 0);
    if (open.lastSent !== undefined && trigger > 0 && Math.abs(channel.value - open.lastSent) < trigger) return;
    if (this.host.frozen) return;
    open.lastSent = channel.value;
    this.sendEvent(channel, channel.model.valueVpkt, { '0': { t: 'g', v: channel.value } });
    this.host.valueEventSent();
  }

  private sendEvent(channel: ChannelState, vpkt: number, entries: Record<string, BridgeEntry>): void {
    this.sendRequest(P.TYPE_DEVICE, P.ST_BRIDGE_PACKET, { v: 0, s: 0, f: P.BP_EVENT_FLAG, p: vpkt, O: channel.wireId, c: Object.keys(entries).length, e: entries });
  }

  private sendRequest(type: number, subtype: number, json: unknown): void {
    this.seq = this.seq >= 65535 ? 1 : this.seq + 1;
    this.write({ flags: EVENT_FLAG, reqseq: this.seq, repseq: 0, type, subtype, json });
  }

  /** Answers a request; the client matches it by `repseq`. Default type: command reply (20/40). */
  private reply(request: NetworkPacket, json: unknown, type: number = P.TYPE_COMMAND, subtype: number = P.ST_COMMAND_REPLY): void {
    this.seq = this.seq >= 65535 ? 1 : this.seq + 1;
    this.write({ flags: REPLY_FLAG, reqseq: this.seq, repseq: request.reqseq, type, subtype, json });
  }

  private write(packet: NetworkPacket): void {
    if (this.host.frozen) return;
    if (!this.socket.destroyed) this.socket.write(encodeNetworkPacket(packet));
  }
}
