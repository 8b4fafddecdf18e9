import { describe, expect, it } from 'vitest';
import { Backoff } from '@expmon/source-kit';

describe('Backoff', () => {
  it('doubles from initialMs up to maxMs and starts over after reset()', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 500, jitter: 0 });
    expect([b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 400, 500, 500]);
    expect(b.failures).toBe(5);
    b.reset();
    expect(b.failures).toBe(0);
    expect(b.next()).toBe(100);
  });

  it('jitter keeps each delay within ±jitter of the nominal one', () => {
    const b = new Backoff({ initialMs: 1000, maxMs: 1000, jitter: 0.1 });
    for (let i = 0; i < 50; i++) {
      const d = b.next();
      expect(d).toBeGreaterThanOrEqual(900);
      expect(d).toBeLessThanOrEqual(1100);
    }
  });
});
