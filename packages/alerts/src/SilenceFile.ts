import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A maintenance silence: no notifications for a rule or a sensor from `start` to `end`. */
export interface Silence {
  id: string;
  /** Silenced rule name (or `sensor`). */
  rule?: string;
  /** Silenced measurement: every rule on it. */
  sensor?: string;
  /** ms epoch. */
  start: number;
  /** ms epoch. */
  end: number;
  reason: string;
  created: number;
}

/**
 * The silences of a runner, in `<dataDir>/silences.json`. The CLI (`expmon-runner silence
 * add|list|remove`) writes it (atomically: a temporary file renamed over it); the running
 * runner re-reads it when its modification time changed, so a silence takes effect at the
 * next check without a restart.
 *
 * @example
 * const silences = new SilenceFile('/var/lib/expmon/silences.json');
 * silences.add({ sensor: 'chamber_pressure', start: Date.now(), end: Date.now() + 6 * 3600_000, reason: 'bake-out' });
 * silences.matching('pressure_high', 'chamber_pressure', Date.now()); // the bake-out silence
 */
export class SilenceFile {
  private cache: Silence[] = [];
  private cachedKey = '';
  /** Why the file could not be read the last time it changed (the previous silences stay in force). */
  error: string | undefined;

  constructor(readonly path: string) {}

  /** Every silence in the file (expired ones too, until the next `add` prunes them). */
  list(): Silence[] {
    let key: string;
    try {
      const st = statSync(this.path);
      key = `${st.mtimeMs}:${st.ino}:${st.size}`;
    } catch {
      this.cache = [];
      this.cachedKey = '';
      return [];
    }
    if (key !== this.cachedKey) {
      this.cachedKey = key;
      try {
        const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as { silences?: Silence[] };
        this.cache = Array.isArray(parsed.silences) ? parsed.silences : [];
        this.error = undefined;
      } catch (e) {
        // A file broken by hand: keep the silences read before, and say so (see `error`).
        this.error = `cannot read ${this.path}: ${(e as Error).message}`;
      }
    }
    return this.cache;
  }

  /** Adds a silence (and drops the expired ones); returns it with its id. */
  add(s: Omit<Silence, 'id' | 'created'>, now = Date.now()): Silence {
    if (!s.rule && !s.sensor) throw new Error('a silence needs a rule or a sensor');
    if (!(s.end > s.start)) throw new Error('a silence must end after it starts');
    const silence: Silence = { id: randomBytes(4).toString('hex'), ...s, created: now };
    const kept = this.list().filter((x) => x.end > now);
    this.write([...kept, silence]);
    return silence;
  }

  /** Removes a silence by id (a unique prefix is enough); returns it, or undefined if none matched. */
  remove(id: string): Silence | undefined {
    const all = this.list();
    const hits = all.filter((s) => s.id.startsWith(id));
    if (hits.length !== 1) return undefined;
    this.write(all.filter((s) => s !== hits[0]));
    return hits[0];
  }

  /** The active silence that covers a rule (by name or measurement) at `now`, if any. */
  matching(rule: string, sensor: string, now: number): Silence | undefined {
    return this.list().find((s) => s.start <= now && now < s.end && (s.rule === rule || s.sensor === sensor));
  }

  private write(silences: Silence[]): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ silences }, null, 2)}\n`);
    renameSync(tmp, this.path);
    this.cachedKey = '';
  }
}
