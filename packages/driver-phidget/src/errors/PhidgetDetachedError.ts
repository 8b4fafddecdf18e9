import { DeviceError, type ErrorContext } from '@expmon/core';

/**
 * The Phidget channel detached (USB unplugged, board removed from the hub, network
 * server gone). Ends the source's stream; it attaches again by itself when the board
 * is back and the stream is resubscribed.
 *
 * @example
 * new PhidgetDetachedError({ sensor: 'tc_cold_head', device: 'phidget usb', address: 'serial 620000, hub port 4, channel 2' });
 * new PhidgetDetachedError({ sensor: 'tc_cold_head' }, 'KeepAlive timeout. Closing connection to server. (code 58)');
 */
export class PhidgetDetachedError extends DeviceError {
  protected static override readonly marker: string = 'PhidgetDetachedError';
  override readonly name: string = 'PhidgetDetachedError';
  static override isInstance(error: unknown): error is PhidgetDetachedError {
    return super.isInstance(error);
  }
  constructor(context: ErrorContext = {}, connectionError?: string) {
    super(connectionError ? `channel detached (connection: ${connectionError})` : 'channel detached', { retriable: true, disconnected: true, ...context });
  }
}
