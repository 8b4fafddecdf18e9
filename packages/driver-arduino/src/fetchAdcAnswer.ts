import { connect } from 'node:net';
import { DeviceError, DeviceTimeoutError } from '@expmon/core';
import { CorruptFrameError } from './errors/CorruptFrameError.js';

/** Options of {@link fetchAdcAnswer}. */
export interface FetchAdcAnswerOptions {
  host: string;
  port: number;
  /** Give up when the TCP connection is not up within this time. */
  connectTimeoutMs: number;
  /** Give up when the board has not answered and closed within this time after connecting. */
  readTimeoutMs: number;
  /** Bytes the complete answer has; more is an error as soon as they arrive. */
  answerBytes: number;
  /** The one byte sent to ask for an answer. */
  requestByte: number;
  /** For error messages. */
  device: string;
  signal?: AbortSignal;
}

/**
 * One `adc.ino` exchange: connect, send one byte, collect the answer until the board
 * closes. The answer is framed by the close, so any TCP split works; an answer longer
 * than `answerBytes`, a close before `answerBytes`, and a board that neither answers nor
 * closes in time are errors.
 *
 * @example
 * const bytes = await fetchAdcAnswer({
 *   host: '10.0.0.7', port: 6574, connectTimeoutMs: 2000, readTimeoutMs: 2000,
 *   answerBytes: 24, requestByte: 0x3f, device: 'arduino-adc 10.0.0.7:6574',
 * });
 */
export function fetchAdcAnswer(o: FetchAdcAnswerOptions): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    if (o.signal?.aborted) {
      reject(o.signal.reason);
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const socket = connect({ host: o.host, port: o.port });
    socket.setNoDelay(true);
    let timer = setTimeout(() => {
      fail(new DeviceTimeoutError(o.connectTimeoutMs, { device: o.device }, 'no TCP connection'));
    }, o.connectTimeoutMs);

    function finish(): void {
      settled = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
    }
    function fail(error: unknown): void {
      if (settled) return;
      finish();
      reject(error);
    }
    function onAbort(): void {
      fail(o.signal!.reason);
    }
    o.signal?.addEventListener('abort', onAbort, { once: true });

    socket.once('connect', () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        fail(
          new DeviceTimeoutError(
            o.readTimeoutMs,
            { device: o.device },
            `late answer: ${received} of ${o.answerBytes} bytes and no close`,
          ),
        );
      }, o.readTimeoutMs);
      socket.write(Buffer.from([o.requestByte]));
    });
    socket.on('data', (chunk: Buffer) => {
      if (settled) return;
      chunks.push(chunk);
      received += chunk.length;
      if (received > o.answerBytes) {
        fail(new CorruptFrameError(`long answer: ${received} bytes or more, expected ${o.answerBytes}`, { device: o.device }));
      }
    });
    socket.once('end', () => {
      if (settled) return;
      if (received < o.answerBytes) {
        fail(new CorruptFrameError(`short answer: ${received} bytes, expected ${o.answerBytes}`, { device: o.device }));
        return;
      }
      finish();
      resolve(Buffer.concat(chunks, received));
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      fail(
        new DeviceError(`TCP ${error.code ?? 'error'}: ${error.message}`, {
          device: o.device,
          retriable: true,
          cause: error,
        }),
      );
    });
    socket.once('close', () => {
      fail(new CorruptFrameError(`connection closed after ${received} bytes`, { device: o.device }));
    });
  });
}
