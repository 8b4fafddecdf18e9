export {
  PhidgetNetworkServerSimulator,
  type PhidgetNetworkServerSimulatorOptions,
} from './simulator/PhidgetNetworkServerSimulator.js';
export { type SimulatedHubOptions, type SimulatedChannelAddress, type SimulatedErrorEvent } from './simulator/SimulatedHubs.js';
export {
  SIMULATED_BOARDS,
  SIMULATED_HUB,
  THERMOCOUPLE_RANGES,
  type SimulatedBoardModel,
  type SimulatedBoardSku,
  type SimulatedChannelClass,
  type SimulatedChannelModel,
  type BridgeEntry,
} from './simulator/simulatedBoards.js';
