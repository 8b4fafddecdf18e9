export { AdcTcpSimulator, type AdcTcpAnswer, type AdcTcpSimulatorOptions } from './simulator/AdcTcpSimulator.js';
export {
  SerialAdcSimulator,
  type SerialAdcAnswer,
  type SerialAdcSimulatorOptions,
} from './simulator/SerialAdcSimulator.js';
export { Tpg261Simulator, type Tpg261ScriptedAnswer, type Tpg261SimulatorOptions } from './simulator/Tpg261Simulator.js';
export { SimulatedSerialDevice, type SimulatedSerialDeviceOptions } from './simulator/SimulatedSerialDevice.js';
export { SocatPtyPair, type SocatPtyPairOptions } from './simulator/SocatPtyPair.js';
export { writeInChunks, type SplitOptions } from './simulator/writeInChunks.js';
