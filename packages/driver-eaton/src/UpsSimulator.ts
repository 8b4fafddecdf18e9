import dgram from 'node:dgram';
import snmp from 'net-snmp';
import type { SnmpAuthProtocol, SnmpPrivProtocol, SnmpSecurityLevel } from './SnmpUpsOptions.js';
import type { UpsMibObject } from './upsMib.js';
import type { XupsMibObject } from './xupsMib.js';

/** An object the simulator serves: a UPS-MIB or XUPS-MIB name. */
export type SimulatedObject = UpsMibObject | XupsMibObject;

/**
 * An SNMPv3 user of the simulator. Keys are plain strings here: the simulator is a test
 * and demo fixture, not a place for real credentials.
 *
 * @example
 * const user: SimulatedSnmpUser = { name: 'exp_monitor', level: 'authNoPriv', authProtocol: 'sha256', authKey: 'demo-auth-key' };
 */
export interface SimulatedSnmpUser {
  name: string;
  level: SnmpSecurityLevel;
  authProtocol?: SnmpAuthProtocol;
  authKey?: string;
  privProtocol?: SnmpPrivProtocol;
  privKey?: string;
}

/**
 * The simulated UPS's physical state. Derived values (runtime, battery status, seconds on
 * battery, output source) are computed from it at each GET.
 *
 * @example
 * sim.set({ loadWatts: 900 });
 */
export interface UpsSimulatorState {
  /** Battery charge when the current phase (mains or battery) began, %; default 100. */
  chargePercent: number;
  /** Runtime at 100 % charge and the current load, minutes; default 60. */
  fullRuntimeMinutes: number;
  /** Charge lost per minute on battery, %; default 10. */
  drainPercentPerMinute: number;
  /** Battery status turns low at or below this charge, %; default 20. */
  lowBatteryPercent: number;
  /** Output power, W; default 300. */
  loadWatts: number;
  /** Nominal output power (upsConfigOutputPower), W; default 1350 (Eaton 5PX 1500). */
  nominalWatts: number;
  /** Output load served as upsOutputPercentLoad, %; default the power ratio, rounded. */
  loadPercent: number | undefined;
  /** Mains voltage, V; default 230 (0 while on battery). */
  inputVoltage: number;
  /** Output voltage, V; default 230. */
  outputVoltage: number;
  /** Battery voltage, V; default 54.6. */
  batteryVoltage: number;
  /** Battery temperature, °C; default 25. */
  batteryTemperature: number;
  /** Ambient temperature (Eaton), °C; default 22. */
  ambientTemperature: number;
}

/**
 * Options of {@link UpsSimulator.start}.
 *
 * @example
 * await UpsSimulator.start({ communities: ['public'], users: [{ name: 'exp_monitor', level: 'noAuthNoPriv' }] });
 */
export interface UpsSimulatorOptions {
  /** Address to listen on; default `127.0.0.1`. */
  host?: string;
  /** UDP port; default 0 (a free port, see {@link UpsSimulator.port}). */
  port?: number;
  /** v1/v2c communities; default `['public']`. */
  communities?: string[];
  /** v3 users; default none. */
  users?: SimulatedSnmpUser[];
  /** Serve Eaton's XUPS-MIB too; default true. */
  eaton?: boolean;
  /** Objects not served at all (the agent answers noSuchObject / noSuchInstance). */
  omit?: SimulatedObject[];
  /** Initial state. */
  state?: Partial<UpsSimulatorState>;
  /** Clock in ms, for draining; default `Date.now`. Tests pass their own to move time. */
  now?: () => number;
  /** Let the process exit while the simulator runs (for configs that start it); default false. */
  unref?: boolean;
}

/** Shared with the socket wrapper. */
interface Wire {
  packets: number;
  silent: boolean;
}

const UPS = '1.3.6.1.2.1.33.1';
const XUPS = '1.3.6.1.4.1.534.1';

// Scalars: provider OID (instance is `.0`). Table columns: entry OID, column number (row 1).
const SCALARS: Readonly<Partial<Record<SimulatedObject, string>>> = {
  upsBatteryStatus: `${UPS}.2.1`,
  upsSecondsOnBattery: `${UPS}.2.2`,
  upsEstimatedMinutesRemaining: `${UPS}.2.3`,
  upsEstimatedChargeRemaining: `${UPS}.2.4`,
  upsBatteryVoltage: `${UPS}.2.5`,
  upsBatteryTemperature: `${UPS}.2.7`,
  upsOutputSource: `${UPS}.4.1`,
  upsConfigOutputPower: `${UPS}.9.6`,
  xupsBatTimeRemaining: `${XUPS}.2.1`,
  xupsBatVoltage: `${XUPS}.2.2`,
  xupsBatCapacity: `${XUPS}.2.4`,
  xupsBatteryAbmStatus: `${XUPS}.2.5`,
  xupsBatteryLowCapacity: `${XUPS}.2.10`,
  xupsOutputLoad: `${XUPS}.4.1`,
  xupsOutputSource: `${XUPS}.4.5`,
  xupsOutputTotalWatts: `${XUPS}.4.9.3`,
  xupsEnvAmbientTemp: `${XUPS}.6.1`,
};

interface TableDef {
  name: string;
  entry: string;
  eaton: boolean;
  columns: ReadonlyArray<{ number: number; object: SimulatedObject | undefined; name: string }>;
}

const TABLES: readonly TableDef[] = [
  {
    name: 'upsInputTable',
    entry: `${UPS}.3.3.1`,
    eaton: false,
    columns: [
      { number: 1, object: undefined, name: 'upsInputLineIndex' },
      { number: 3, object: 'upsInputVoltage', name: 'upsInputVoltage' },
    ],
  },
  {
    name: 'upsOutputTable',
    entry: `${UPS}.4.4.1`,
    eaton: false,
    columns: [
      { number: 1, object: undefined, name: 'upsOutputLineIndex' },
      { number: 2, object: 'upsOutputVoltage', name: 'upsOutputVoltage' },
      { number: 4, object: 'upsOutputPower', name: 'upsOutputPower' },
      { number: 5, object: 'upsOutputPercentLoad', name: 'upsOutputPercentLoad' },
    ],
  },
  {
    name: 'xupsInputTable',
    entry: `${XUPS}.3.4.1`,
    eaton: true,
    columns: [
      { number: 1, object: undefined, name: 'xupsInputPhase' },
      { number: 2, object: 'xupsInputVoltage', name: 'xupsInputVoltage' },
    ],
  },
  {
    name: 'xupsOutputTable',
    entry: `${XUPS}.4.4.1`,
    eaton: true,
    columns: [
      { number: 1, object: undefined, name: 'xupsOutputPhase' },
      { number: 2, object: 'xupsOutputVoltage', name: 'xupsOutputVoltage' },
      { number: 4, object: 'xupsOutputWatts', name: 'xupsOutputWatts' },
      { number: 8, object: 'xupsOutputPercentLoad', name: 'xupsOutputPercentLoad' },
    ],
  },
];

const DEFAULT_STATE: UpsSimulatorState = {
  chargePercent: 100,
  fullRuntimeMinutes: 60,
  drainPercentPerMinute: 10,
  lowBatteryPercent: 20,
  loadWatts: 300,
  nominalWatts: 1350,
  loadPercent: undefined,
  inputVoltage: 230,
  outputVoltage: 230,
  batteryVoltage: 54.6,
  batteryTemperature: 25,
  ambientTemperature: 22,
};

/**
 * A UPS on a loopback UDP port: a real SNMP agent (net-snmp's) serving the RFC 1628
 * UPS-MIB and Eaton's XUPS-MIB to v1/v2c communities and v3 users, and scriptable:
 * mains failure (on battery, charge and runtime draining with the clock), low battery,
 * back on mains, stop answering, answer wrong types, objects missing.
 *
 * @example
 * import { UpsSimulator } from '@expmon/driver-eaton/simulator';
 * import { SnmpUps } from '@expmon/driver-eaton';
 * const sim = await UpsSimulator.start();
 * const ups = new SnmpUps({ host: sim.host, port: sim.port });
 * sim.mainsFailure();
 * console.log(await ups.read());
 * await ups.close();
 * await sim.stop();
 */
export class UpsSimulator {
  /** Listening address. */
  readonly host: string;
  /** Listening UDP port (the free port picked when started with port 0). */
  readonly port: number;
  /** Datagrams received so far (every GET, v3 discovery, retry), for tests. */
  get packetsReceived(): number {
    return this.wire.packets;
  }

  private readonly state: UpsSimulatorState;
  private readonly now: () => number;
  private onBatterySince: number | undefined;
  private wrongTypes: Set<SimulatedObject> | 'all' = new Set();
  private readonly missing = new Set<SimulatedObject>();
  private readonly oidToObject = new Map<string, SimulatedObject>();

  private constructor(
    private readonly agent: snmp.Agent,
    socket: dgram.Socket,
    private readonly wire: Wire,
    options: UpsSimulatorOptions,
  ) {
    const address = socket.address();
    this.host = address.address;
    this.port = address.port;
    this.state = { ...DEFAULT_STATE, ...options.state };
    this.now = options.now ?? Date.now;
  }

  /**
   * Starts the agent and resolves once it listens.
   *
   * @example
   * const sim = await UpsSimulator.start({ port: 0, users: [{ name: 'exp_monitor', level: 'noAuthNoPriv' }] });
   */
  static async start(options: UpsSimulatorOptions = {}): Promise<UpsSimulator> {
    const host = options.host ?? '127.0.0.1';
    const wanted = options.port ?? 0;
    let socket: dgram.Socket | undefined;
    const wire: Wire = { packets: 0, silent: false };
    // net-snmp binds its own socket and turns port 0 into 161: this dgram wrapper binds the
    // wanted port, counts datagrams and drops them all while the simulator is silent.
    const dgramModule = {
      createSocket(type: dgram.SocketType): dgram.Socket {
        const s = dgram.createSocket(type);
        const bind = s.bind.bind(s) as (port: number, address?: string) => dgram.Socket;
        const on = s.on.bind(s) as (event: string, listener: (...args: unknown[]) => void) => dgram.Socket;
        Object.assign(s, {
          bind: (_port: number, address?: string) => bind(wanted, address),
          on: (event: string, listener: (...args: unknown[]) => void) =>
            event === 'message'
              ? on(event, (...args: unknown[]) => {
                  wire.packets++;
                  if (!wire.silent) listener(...args);
                })
              : on(event, listener),
        });
        socket = s;
        return s;
      },
    };
    const agentOptions = { port: wanted || 161, address: host, transport: host.includes(':') ? 'udp6' : 'udp4', dgramModule };
    const agent = snmp.createAgent(agentOptions as snmp.AgentOptions, () => {
      // authentication failures and malformed packets: a real agent drops them too
    });
    const s = socket;
    if (!s) throw new Error('UpsSimulator: net-snmp did not create a socket');
    await new Promise<void>((resolve, reject) => {
      s.once('listening', () => resolve());
      s.once('error', reject);
    });
    if (options.unref) s.unref();
    const sim = new UpsSimulator(agent, s, wire, options);
    sim.install(options);
    return sim;
  }

  /** Mains fails: output on battery, charge and runtime drain from now on. */
  mainsFailure(): void {
    if (this.onBatterySince === undefined) this.onBatterySince = this.now();
  }

  /** Mains is back: output normal; the charge stays where it drained to. */
  mainsRestored(): void {
    this.state.chargePercent = this.charge();
    this.onBatterySince = undefined;
  }

  /** On battery with a low charge (half the low-battery threshold): battery status `batteryLow`. */
  lowBattery(): void {
    this.onBatterySince = this.now();
    this.state.chargePercent = this.state.lowBatteryPercent / 2;
  }

  /**
   * Stops answering anything, v3 engine discovery included (requests time out), until
   * {@link UpsSimulator.resumeAnswering}: a hung network card or a cut cable.
   */
  stopAnswering(): void {
    this.wire.silent = true;
  }

  /** Answers requests again. */
  resumeAnswering(): void {
    this.wire.silent = false;
  }

  /**
   * Answers the given objects (default all) as OctetString holding the number's text,
   * like a broken agent; {@link UpsSimulator.answerCorrectTypes} ends it.
   */
  answerWrongTypes(objects?: SimulatedObject[]): void {
    this.wrongTypes = objects ? new Set(objects) : 'all';
  }

  /** Answers with the MIB's types again. */
  answerCorrectTypes(): void {
    this.wrongTypes = new Set();
  }

  /** Stops serving these objects (answers noSuchInstance) until {@link UpsSimulator.serve}. */
  omit(objects: SimulatedObject[]): void {
    for (const o of objects) this.missing.add(o);
  }

  /** Serves these objects again. */
  serve(objects: SimulatedObject[]): void {
    for (const o of objects) this.missing.delete(o);
  }

  /** Changes the state (load, voltages, temperatures, …). */
  set(state: Partial<UpsSimulatorState>): void {
    if (state.chargePercent !== undefined && this.onBatterySince !== undefined) this.onBatterySince = this.now();
    Object.assign(this.state, state);
  }

  /**
   * The values the agent serves right now, by object name, in MIB units.
   *
   * @example
   * sim.values().upsEstimatedChargeRemaining; // 100
   */
  values(): Record<SimulatedObject, number> {
    const st = this.state;
    const onBattery = this.onBatterySince !== undefined;
    const charge = this.charge();
    const runtimeMinutes = (charge / 100) * st.fullRuntimeMinutes;
    const batteryStatus = charge <= 0 ? 4 : charge <= st.lowBatteryPercent ? 3 : 2;
    const loadPercent = st.loadPercent ?? (st.loadWatts / st.nominalWatts) * 100;
    const source = onBattery ? 5 : 3;
    const input = onBattery ? 0 : st.inputVoltage;
    const r = Math.round;
    return {
      upsBatteryStatus: batteryStatus,
      upsSecondsOnBattery: onBattery ? Math.floor((this.now() - this.onBatterySince!) / 1000) : 0,
      upsEstimatedMinutesRemaining: r(runtimeMinutes),
      upsEstimatedChargeRemaining: r(charge),
      upsBatteryVoltage: r(st.batteryVoltage * 10),
      upsBatteryTemperature: r(st.batteryTemperature),
      upsInputVoltage: r(input),
      upsOutputSource: source,
      upsOutputVoltage: r(st.outputVoltage),
      upsOutputPower: r(st.loadWatts),
      upsOutputPercentLoad: r(loadPercent),
      upsConfigOutputPower: r(st.nominalWatts),
      xupsBatTimeRemaining: r(runtimeMinutes * 60),
      xupsBatVoltage: r(st.batteryVoltage),
      xupsBatCapacity: r(charge),
      xupsBatteryAbmStatus: onBattery ? 2 : charge < 100 ? 1 : 3,
      xupsBatteryLowCapacity: batteryStatus >= 3 ? 1 : 2,
      xupsInputVoltage: r(input),
      xupsOutputLoad: r(loadPercent),
      xupsOutputVoltage: r(st.outputVoltage),
      xupsOutputWatts: r(st.loadWatts),
      xupsOutputPercentLoad: r(loadPercent),
      xupsOutputSource: source,
      xupsOutputTotalWatts: r(st.loadWatts),
      xupsEnvAmbientTemp: r(st.ambientTemperature),
    };
  }

  /** Stops the agent and frees the port. */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      try {
        this.agent.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }

  private charge(): number {
    const st = this.state;
    if (this.onBatterySince === undefined) return st.chargePercent;
    const minutes = (this.now() - this.onBatterySince) / 60_000;
    return Math.max(0, st.chargePercent - st.drainPercentPerMinute * minutes);
  }

  private install(options: UpsSimulatorOptions): void {
    const authorizer = this.agent.getAuthorizer();
    for (const c of options.communities ?? ['public']) authorizer.addCommunity(c);
    for (const u of options.users ?? []) {
      const user: snmp.User = { name: u.name, level: snmp.SecurityLevel[u.level] };
      if (u.authKey !== undefined) {
        user.authProtocol = snmp.AuthProtocols[u.authProtocol ?? 'sha256'];
        user.authKey = u.authKey;
      }
      if (u.privKey !== undefined) {
        user.privProtocol = snmp.PrivProtocols[u.privProtocol ?? 'aes'];
        user.privKey = u.privKey;
      }
      authorizer.addUser(user);
    }

    const mib = this.agent.getMib();
    const eaton = options.eaton ?? true;
    const omitted = new Set(options.omit ?? []);
    const handler = (request: snmp.MibRequest): void => this.answer(request);
    const readOnly = snmp.MaxAccess['read-only']!;

    const ident: Array<[string, string, string]> = [
      ['upsIdentManufacturer', `${UPS}.1.1`, 'EATON'],
      ['upsIdentModel', `${UPS}.1.2`, '5PX 1500 (expmon simulator)'],
    ];
    for (const [name, oid, value] of ident) {
      mib.registerProvider({ name, type: snmp.MibProviderType.Scalar, oid, scalarType: snmp.ObjectType.OctetString!, maxAccess: readOnly });
      mib.setScalarValue(name, value);
    }
    const values = this.values();
    for (const [object, oid] of Object.entries(SCALARS) as Array<[SimulatedObject, string]>) {
      if (omitted.has(object) || (!eaton && object.startsWith('xups'))) continue;
      this.oidToObject.set(`${oid}.0`, object);
      mib.registerProvider({
        name: object,
        type: snmp.MibProviderType.Scalar,
        oid,
        scalarType: snmp.ObjectType.Integer!,
        maxAccess: readOnly,
        handler,
      });
      mib.setScalarValue(object, values[object]);
    }
    for (const table of TABLES) {
      if (table.eaton && !eaton) continue;
      const columns = table.columns.filter((c) => c.object === undefined || !omitted.has(c.object));
      mib.registerProvider({
        name: table.name,
        type: snmp.MibProviderType.Table,
        oid: table.entry,
        maxAccess: snmp.MaxAccess['not-accessible']!,
        tableColumns: columns.map((c) => ({
          number: c.number,
          name: c.name,
          type: snmp.ObjectType.Integer!,
          maxAccess: c.object ? readOnly : snmp.MaxAccess['not-accessible']!,
        })),
        tableIndex: [{ columnName: columns[0]!.name }],
        handler,
      });
      mib.addTableRow(
        table.name,
        columns.map((c) => (c.object ? values[c.object] : 1)),
      );
      for (const c of columns) if (c.object) this.oidToObject.set(`${table.entry}.${c.number}.1`, c.object);
    }
  }

  private answer(request: snmp.MibRequest): void {
    const object = this.oidToObject.get(request.oid);
    if (!object) {
      request.done();
      return;
    }
    if (this.missing.has(object)) {
      request.instanceNode.value = null; // the agent answers noSuchInstance
      request.done();
      return;
    }
    const value = this.values()[object];
    if (this.wrongTypes === 'all' || this.wrongTypes.has(object)) {
      request.instanceNode.valueType = snmp.ObjectType.OctetString!;
      request.instanceNode.value = String(value);
    } else {
      request.instanceNode.valueType = snmp.ObjectType.Integer!;
      request.instanceNode.value = value;
    }
    request.done();
  }
}
