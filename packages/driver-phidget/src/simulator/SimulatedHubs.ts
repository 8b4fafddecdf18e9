import { SIMULATED_BOARDS, SIMULATED_HUB, type BridgeEntry, type SimulatedBoardModel, type SimulatedBoardSku, type SimulatedChannelClass, type SimulatedChannelModel } from './simulatedBoards.js';

/**
 * A VINT hub of the simulator and the boards on its ports.
 *
 * @example
 * const hub: SimulatedHubOptions = { serialNumber: 620000, ports: { 4: 'TMP1101', 0: 'HUM1001' } };
 */
export interface SimulatedHubOptions {
  /** Hub serial number (what users address a channel by). */
  serialNumber: number;
  /** Board per hub port (0..5 on a HUB0000), for example `{ 4: 'TMP1101', 5: 'TMP1101' }`. */
  ports: Partial<Record<number, SimulatedBoardSku>>;
}

/**
 * Where a simulated channel is: hub serial number, hub port, channel number and class.
 *
 * @example
 * const rh: SimulatedChannelAddress = { serialNumber: 620000, hubPort: 0, channelClass: 'HumiditySensor' };
 */
export interface SimulatedChannelAddress {
  serialNumber: number;
  hubPort: number;
  /** Channel number on the board. Default 0. */
  channel?: number;
  /** Default `TemperatureSensor`. */
  channelClass?: SimulatedChannelClass;
}

/**
 * An error event as a Phidget sends it (phidget22 `ErrorEventCode`, description).
 *
 * @example
 * const open: SimulatedErrorEvent = { code: 4113, description: 'Thermocouple open' };
 */
export interface SimulatedErrorEvent {
  /** For example 4103 (`OUT_OF_RANGE`) or 4113 (`BAD_CONNECTION_CONDITION`). */
  code: number;
  description: string;
}

/**
 * A simulated hub as it is on the wire.
 *
 * @example
 * hubs.hubs[0]; // { serialNumber: 620000, wireId: 1 }
 */
export interface HubState {
  serialNumber: number;
  wireId: number;
}

/**
 * A simulated board: plugged in or not, its wire id (new after each re-plug) and channels.
 *
 * @example
 * hubs.boardAt(620000, 4).attached; // true
 */
export interface BoardState {
  hub: HubState;
  hubPort: number;
  model: SimulatedBoardModel;
  attached: boolean;
  wireId: number;
  channels: ChannelState[];
}

/**
 * A simulated channel: its settings (`props`) as clients set them, its value or fault.
 *
 * @example
 * hubs.channelAt({ serialNumber: 620000, hubPort: 4, channel: 1 }).props.dataInterval; // { t: 'u', v: 250 }
 */
export interface ChannelState {
  board: BoardState;
  model: SimulatedChannelModel;
  wireId: number;
  props: Record<string, BridgeEntry>;
  value: number;
  fault: SimulatedErrorEvent | null;
}

/**
 * The devices of a simulated server: hubs, the boards on their ports and the boards'
 * channels, with the ids they carry on the wire. Knows nothing of connections.
 *
 * @example
 * const hubs = new SimulatedHubs([{ serialNumber: 620000, ports: { 4: 'TMP1101' } }]);
 * hubs.channelAt({ serialNumber: 620000, hubPort: 4, channel: 1 }).value = 20;
 */
export class SimulatedHubs {
  readonly hubs: HubState[] = [];
  readonly boards: BoardState[] = [];
  private nextWireId = 1;

  constructor(hubs: SimulatedHubOptions[]) {
    for (const hubOptions of hubs) {
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
        board.channels = model.channels.map((m) => ({ board, model: m, wireId: 0, props: m.defaults(), value: m.initialValue, fault: null }));
        this.assignWireIds(board);
        this.boards.push(board);
      }
    }
  }

  /** Gives a board and its channels new wire ids (as after a real re-plug). */
  assignWireIds(board: BoardState): void {
    board.wireId = this.nextWireId++;
    for (const channel of board.channels) channel.wireId = this.nextWireId++;
  }

  /** The board on a hub port; throws a `RangeError` when there is none. */
  boardAt(serialNumber: number, hubPort: number): BoardState {
    const board = this.boards.find((b) => b.hub.serialNumber === serialNumber && b.hubPort === hubPort);
    if (!board) throw new RangeError(`no simulated board on hub ${serialNumber} port ${hubPort}`);
    return board;
  }

  /** The channel at an address; throws a `RangeError` when there is none. */
  channelAt(address: SimulatedChannelAddress): ChannelState {
    const board = this.boardAt(address.serialNumber, address.hubPort);
    const channelClass = address.channelClass ?? 'TemperatureSensor';
    const index = address.channel ?? 0;
    const channel = board.channels.find((c) => c.model.channelClass === channelClass && c.model.index === index);
    if (!channel) {
      throw new RangeError(`no ${channelClass} channel ${index} on ${board.model.sku} at hub ${address.serialNumber} port ${address.hubPort}`);
    }
    return channel;
  }

  /** The channel a client names on the wire (device wire id, unique index), if attached. */
  findChannel(deviceWireId: number, uniqueIndex: number): ChannelState | undefined {
    const board = this.boards.find((b) => b.attached && b.wireId === deviceWireId);
    return board?.channels.find((c) => c.model.uniqueIndex === uniqueIndex);
  }
}
