import type { StoreLogger } from './FaultLog.js';

/**
 * Options of `DurableQueue.open`.
 *
 * @example
 * const { queue } = await DurableQueue.open(dir, { maxBytes: 256 * 1024 * 1024, maxRunReadings: 5000, log, label: sink.description });
 */
export interface DurableQueueOptions {
  /** Upper bound of the segment files; when exceeded the OLDEST segment is dropped (and counted). Default 512 MiB. */
  maxBytes?: number;
  /** Size at which a new segment file is started. Default min(16 MiB, maxBytes / 8), at least 64 KiB. */
  segmentBytes?: number;
  /** Readings held in memory while the disk refuses writes (full disk), in bytes; beyond it the oldest are lost (and counted). Default 16 MiB. */
  maxMemoryBytes?: number;
  /** Bytes of recently appended batches kept in memory for the reader (else read back from disk). Default 16 MiB. */
  cacheBytes?: number;
  /**
   * Adjacent frames on disk that no reader has reached yet are tracked as one run of up to
   * this many readings (so a long outage costs memory per run, not per frame), and read back
   * as one batch. Use the shipper's batch size; default 5000.
   */
  maxRunReadings?: number;
  /** Where faults and drops are logged (pino's shape). Default: nowhere. */
  log?: StoreLogger;
  /** Named in every log line (a sink's redacted description). */
  label?: string;
}
