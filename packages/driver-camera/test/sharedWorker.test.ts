import { DisplayCameraSimulator } from '@expmon/driver-camera/simulator';
import { describe, expect, it } from 'vitest';
import { CameraDisplay } from '../src/CameraDisplay.js';
import { OcrEngine } from '../src/OcrEngine.js';

// Three cameras on three simulators, read at the same time, several rounds: one worker serves
// them all, one picture at a time (the engine refuses two at once), each source gets its own
// display's value, and the worker stops when the last source closes.
describe('one OCR worker shared by every camera source', () => {
  it('serialises concurrent reads, gives each source its own value, stops with the last source', async () => {
    const shown = ['1013', '-12.5', '2.3E-08'];
    const cameras = await Promise.all(shown.map((text) => DisplayCameraSimulator.start({ text: () => text, display: { font: 'Liberation Sans', look: 'dark-on-light' } })));
    const sources = cameras.map((c, i) => new CameraDisplay({ name: `gauge_${i}`, picture: { url: c.url }, processing: { crop: c.crop } }));
    const engine = OcrEngine.shared();
    const before = engine.served;
    try {
      for (let round = 0; round < 3; round++) {
        const readings = await Promise.all(sources.map((s) => s.read()));
        expect(readings.map((r) => r.map((x) => [x.measurement, x.fields.value]))).toEqual([
          [['gauge_0', 1013]],
          [['gauge_1', -12.5]],
          [['gauge_2', 2.3e-8]],
        ]);
      }
      expect(engine.served - before).toBe(18); // 3 rounds × 3 sources × 2 looks (confirm)
      expect(engine.running).toBe(true);
      await sources[0]!.close();
      await sources[1]!.close();
      expect(engine.running).toBe(true); // one source still uses it
    } finally {
      await Promise.all(sources.map((s) => s.close()));
      await Promise.all(cameras.map((c) => c.close()));
    }
    expect(engine.running).toBe(false);
  });
});
