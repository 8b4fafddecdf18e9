/**
 * Packet types and subtypes, bridge packet ids and error codes of the Phidget network
 * protocol (2.x) that the simulator speaks, as phidget22 3.x uses them.
 *
 * @example
 * if (packet.type === PROTOCOL.TYPE_DEVICE && packet.subtype === PROTOCOL.ST_CHANNEL_OPEN) handleOpen(packet);
 */
export const PROTOCOL = {
  TYPE_HANDSHAKE: 10,
  TYPE_COMMAND: 20,
  TYPE_DEVICE: 30,
  /** Command subtype of a reply to a request. */
  ST_COMMAND_REPLY: 40,
  /** Command subtype of a keep-alive (the server asks, the client answers). */
  ST_KEEP_ALIVE: 41,
  ST_DEVICE_ATTACH: 50,
  ST_DEVICE_DETACH: 55,
  ST_CHANNEL_OPEN: 60,
  ST_CHANNEL_CLOSE: 65,
  ST_BRIDGE_PACKET: 70,
  ST_CHANNEL_ATTACH: 80,
  BP_SET_STATUS: 0,
  BP_ERROR_EVENT: 17,
  BP_CHANGE_TRIGGER: 46,
  BP_DATA_INTERVAL: 54,
  BP_THERMOCOUPLE_TYPE: 84,
  BP_EVENT_FLAG: 0x01,
  /** phidget22 `ErrorCode.NO_SUCH_ENTITY`. */
  ERR_NO_SUCH_ENTITY: 2,
  /** phidget22 `ErrorCode.UNSUPPORTED`. */
  ERR_UNSUPPORTED: 20,
  /** phidget22 `ErrorCode.INVALID_ARGUMENT`. */
  ERR_INVALID_ARGUMENT: 21,
  /** phidget22 `ErrorCode.BAD_PASSWORD`. */
  ERR_BAD_PASSWORD: 37,
} as const;
