import { checkNode10SimulatorTypes } from '@expmon/test-servers';

// TypeScript users on moduleResolution node10 get the /simulator sub-path through typesVersions
// (real tsc against the built dist/, so build first).
checkNode10SimulatorTypes('@expmon/driver-phidget', { simulator: 'PhidgetNetworkServerSimulator', main: 'PhidgetThermocouple' });
