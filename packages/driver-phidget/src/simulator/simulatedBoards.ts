/** Channel classes the simulator can serve (phidget22 class names). */
export type SimulatedChannelClass = 'TemperatureSensor' | 'HumiditySensor' | 'VoltageInput' | 'VoltageRatioInput';

/** A typed property value as the Phidget network protocol carries it (`t`: u, d, g, s...). */
export interface BridgeEntry {
  t: string;
  v: number | string;
}

/**
 * One channel of a simulated VINT board: its phidget22 class, where it sits in the
 * board's channel list, the bridge packet that carries its value, and its initial state.
 *
 * @example
 * TMP1101.channels[0]; // thermocouple input 0
 */
export interface SimulatedChannelModel {
  channelClass: SimulatedChannelClass;
  /** phidget22 `ChannelClass` number (TemperatureSensor = 28). */
  classId: number;
  /** Position in the board's channel list (`uniqueIndex` on the wire). */
  uniqueIndex: number;
  /** Channel number that users open (`channel` in phidget22). */
  index: number;
  name: string;
  /** Bridge packet that carries a new value (95 temperature, 22 humidity, 101 voltage, 102 voltage ratio). */
  valueVpkt: number;
  /** Property name of the value in the channel's status (`temperature`). */
  valueProperty: string;
  /** Property name of the change trigger (`temperatureChangeTrigger`). */
  changeTriggerProperty: string;
  /** Value before a test sets one. */
  initialValue: number;
  /** Status properties right after a reset (data interval, ranges, triggers...). */
  defaults(): Record<string, BridgeEntry>;
}

/**
 * A simulated VINT board: the identity phidget22 needs to recognise it in its device table.
 *
 * @example
 * new PhidgetNetworkServerSimulator({ hubs: [{ serialNumber: 620000, ports: { 4: 'TMP1101' } }] });
 */
export interface SimulatedBoardModel {
  sku: SimulatedBoardSku;
  name: string;
  /** phidget22 `DeviceID`. */
  deviceId: number;
  /** VINT id in phidget22's device table. */
  vintId: number;
  /** Firmware version (must fall in the table's range for this VINT id). */
  version: number;
  channels: SimulatedChannelModel[];
}

/** Boards the simulator knows. */
export type SimulatedBoardSku = 'TMP1101' | 'HUM1001' | 'DAQ1500';

const rate = (minIntervalMs: number): Record<string, BridgeEntry> => ({
  dataInterval: { t: 'u', v: 250 },
  minDataInterval: { t: 'u', v: minIntervalMs },
  maxDataInterval: { t: 'u', v: 60000 },
  minDataRate: { t: 'g', v: 1 / 60 },
  maxDataRate: { t: 'g', v: 1000 / minIntervalMs },
});

/** Temperature range per thermocouple type (phidget22 `ThermocoupleType`: J=1, K=2, E=3, T=4). */
export const THERMOCOUPLE_RANGES: Record<number, [number, number]> = {
  1: [0, 750],
  2: [-200, 1250],
  3: [-200, 900],
  4: [-200, 350],
};

function thermocouple(index: number): SimulatedChannelModel {
  return {
    channelClass: 'TemperatureSensor',
    classId: 28,
    uniqueIndex: index,
    index,
    name: 'Thermocouple Input',
    valueVpkt: 95,
    valueProperty: 'temperature',
    changeTriggerProperty: 'temperatureChangeTrigger',
    initialValue: 21 + index,
    defaults: () => ({
      ...rate(20),
      temperatureChangeTrigger: { t: 'g', v: 0 },
      minTemperatureChangeTrigger: { t: 'g', v: 0 },
      maxTemperatureChangeTrigger: { t: 'g', v: 1640 },
      thermocoupleType: { t: 'd', v: 2 },
      minTemperature: { t: 'g', v: -200 },
      maxTemperature: { t: 'g', v: 1250 },
    }),
  };
}

function icTemperature(uniqueIndex: number, index: number, name: string): SimulatedChannelModel {
  return {
    channelClass: 'TemperatureSensor',
    classId: 28,
    uniqueIndex,
    index,
    name,
    valueVpkt: 95,
    valueProperty: 'temperature',
    changeTriggerProperty: 'temperatureChangeTrigger',
    initialValue: 24.5,
    defaults: () => ({
      ...rate(50),
      temperatureChangeTrigger: { t: 'g', v: 0 },
      minTemperatureChangeTrigger: { t: 'g', v: 0 },
      maxTemperatureChangeTrigger: { t: 'g', v: 125 },
      minTemperature: { t: 'g', v: -40 },
      maxTemperature: { t: 'g', v: 85 },
    }),
  };
}

function voltageInput(uniqueIndex: number, index: number): SimulatedChannelModel {
  return {
    channelClass: 'VoltageInput',
    classId: 29,
    uniqueIndex,
    index,
    name: 'Voltage Input',
    valueVpkt: 101,
    valueProperty: 'voltage',
    changeTriggerProperty: 'voltageChangeTrigger',
    initialValue: 0.001,
    defaults: () => ({
      ...rate(20),
      voltageChangeTrigger: { t: 'g', v: 0 },
      minVoltageChangeTrigger: { t: 'g', v: 0 },
      maxVoltageChangeTrigger: { t: 'g', v: 0.09 },
      minVoltage: { t: 'g', v: -0.011 },
      maxVoltage: { t: 'g', v: 0.079 },
      sensorType: { t: 'd', v: 0 },
      sensorValueChangeTrigger: { t: 'g', v: 0 },
    }),
  };
}

function voltageRatioInput(index: number): SimulatedChannelModel {
  return {
    channelClass: 'VoltageRatioInput',
    classId: 31,
    uniqueIndex: index,
    index,
    name: 'Bridge Input',
    valueVpkt: 102,
    valueProperty: 'voltageRatio',
    changeTriggerProperty: 'voltageRatioChangeTrigger',
    initialValue: 0.0001,
    defaults: () => ({
      ...rate(8),
      voltageRatioChangeTrigger: { t: 'g', v: 0 },
      minVoltageRatioChangeTrigger: { t: 'g', v: 0 },
      maxVoltageRatioChangeTrigger: { t: 'g', v: 1 },
      minVoltageRatio: { t: 'g', v: -1 },
      maxVoltageRatio: { t: 'g', v: 1 },
      bridgeEnabled: { t: 'd', v: 1 },
      bridgeGain: { t: 'd', v: 8 },
      sensorType: { t: 'd', v: 0 },
      sensorValueChangeTrigger: { t: 'g', v: 0 },
    }),
  };
}

/**
 * The boards the simulator can plug into a hub port, as phidget22 3.x's device table
 * describes them: TMP1101 (4 thermocouples, an IC temperature sensor, 4 voltage inputs),
 * HUM1001 (humidity + temperature), DAQ1500 (2 bridge inputs).
 *
 * @example
 * SIMULATED_BOARDS.TMP1101.channels.filter((c) => c.channelClass === 'TemperatureSensor').length; // 5
 */
export const SIMULATED_BOARDS: Record<SimulatedBoardSku, SimulatedBoardModel> = {
  TMP1101: {
    sku: 'TMP1101',
    name: '4x Thermocouple Phidget',
    deviceId: 89,
    vintId: 21,
    version: 110,
    channels: [
      thermocouple(0),
      thermocouple(1),
      thermocouple(2),
      thermocouple(3),
      icTemperature(4, 4, 'Temperature Sensor (IC)'),
      voltageInput(5, 0),
      voltageInput(6, 1),
      voltageInput(7, 2),
      voltageInput(8, 3),
    ],
  },
  HUM1001: {
    sku: 'HUM1001',
    name: 'Humidity Phidget',
    deviceId: 127,
    vintId: 127,
    version: 110,
    channels: [
      {
        channelClass: 'HumiditySensor',
        classId: 15,
        uniqueIndex: 0,
        index: 0,
        name: 'Humidity Sensor',
        valueVpkt: 22,
        valueProperty: 'humidity',
        changeTriggerProperty: 'humidityChangeTrigger',
        initialValue: 45,
        defaults: () => ({
          ...rate(50),
          humidityChangeTrigger: { t: 'g', v: 0 },
          minHumidityChangeTrigger: { t: 'g', v: 0 },
          maxHumidityChangeTrigger: { t: 'g', v: 100 },
          minHumidity: { t: 'g', v: 0 },
          maxHumidity: { t: 'g', v: 100 },
        }),
      },
      icTemperature(1, 0, 'Temperature Sensor'),
    ],
  },
  DAQ1500: {
    sku: 'DAQ1500',
    name: 'Wheatstone Bridge Phidget',
    deviceId: 56,
    vintId: 24,
    version: 110,
    channels: [voltageRatioInput(0), voltageRatioInput(1)],
  },
};

/** The simulated USB VINT hub (HUB0000). */
export const SIMULATED_HUB = {
  sku: 'HUB0000',
  name: '6-Port USB VINT Hub Phidget',
  deviceId: 64,
  productId: 63,
  version: 410,
  ports: 6,
} as const;
