export {
  UpsSimulator,
  type UpsSimulatorOptions,
  type UpsSimulatorState,
  type SimulatedSnmpUser,
  type SimulatedObject,
} from './UpsSimulator.js';
