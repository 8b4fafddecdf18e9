import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DeviceError, DeviceTimeoutError, type ExpmonError } from '@expmon/core';
import { DisplayCameraSimulator, renderCameraPicture } from '@expmon/driver-camera/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CameraDisplay } from '../src/CameraDisplay.js';
import { CameraError } from '../src/errors/CameraError.js';
import { UnreadableDisplayError } from '../src/errors/UnreadableDisplayError.js';
import { OcrEngine } from '../src/OcrEngine.js';

// Cameras that fail, against real loopback servers: the simulator, a port nobody listens
// on, a TCP server that accepts and never answers, real processes for capture commands.
describe('camera faults', () => {
  let dir: string;
  const engine = OcrEngine.shared();
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-camera-faults-'));
    engine.acquire();
  });
  afterAll(async () => {
    await engine.release();
    await rm(dir, { recursive: true, force: true });
  });

  it('camera down: a DeviceError (CameraError) naming the sensor and the camera, no reading', async () => {
    const camera = await DisplayCameraSimulator.start();
    const url = camera.url;
    await camera.close();
    const source = new CameraDisplay({ name: 'gauge', picture: { url } });
    const error = await source.read().catch((e: unknown) => e);
    expect(DeviceError.isInstance(error)).toBe(true);
    expect(CameraError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(`sensor gauge, device camera ${url}`);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect((error as DeviceError).retriable).toBe(true);
    await source.close();
  });

  it('a hanging camera: DeviceTimeoutError after picture.timeoutMs, then the next read works', async () => {
    // 1.5 s: the simulator renders each picture on request, which can take a few hundred ms on a loaded machine.
    const camera = await DisplayCameraSimulator.start({ text: () => '1013', display: { font: 'Liberation Sans' } });
    const source = new CameraDisplay({ name: 'gauge', picture: { url: camera.url, timeoutMs: 1500 }, processing: { crop: camera.crop } });
    camera.hang();
    const error = await source.read().catch((e: unknown) => e);
    expect(DeviceTimeoutError.isInstance(error)).toBe(true);
    expect((error as DeviceTimeoutError).timeoutMs).toBe(1500);
    expect((error as Error).message).toContain('no picture within 1500 ms');
    expect((error as Error).message).toContain(`device camera ${camera.url}`);
    camera.hang(false);
    const readings = await source.read();
    expect(readings.map((r) => r.fields.value)).toEqual([1013]);
    await source.close();
    await camera.close();
  });

  it('an OCR that takes too long: DeviceTimeoutError, the worker is restarted and the next read works', async () => {
    const camera = await DisplayCameraSimulator.start({ text: () => '998.4', display: { font: 'DejaVu Sans' } });
    const hurried = new CameraDisplay({ name: 'gauge', picture: { url: camera.url }, processing: { crop: camera.crop }, ocrTimeoutMs: 1 });
    const error = await hurried.read().catch((e: unknown) => e);
    expect(DeviceTimeoutError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('no OCR result within 1 ms');
    const patient = new CameraDisplay({ name: 'gauge', picture: { url: camera.url }, processing: { crop: camera.crop } });
    expect((await patient.read()).map((r) => r.fields.value)).toEqual([998.4]);
    await Promise.all([hurried.close(), patient.close(), camera.close()]);
  });

  it('a TCP peer that accepts and never sends a byte also times out', async () => {
    const server: Server = createServer(() => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const source = new CameraDisplay({ name: 'gauge', picture: { url: `http://127.0.0.1:${port}/snap.jpg`, timeoutMs: 300 } });
    const error = await source.read().catch((e: unknown) => e);
    expect(DeviceTimeoutError.isInstance(error)).toBe(true);
    server.close();
    await source.close();
  });

  it('HTTP errors and answers that are not pictures are CameraErrors', async () => {
    const camera = await DisplayCameraSimulator.start();
    const source = new CameraDisplay({ name: 'gauge', picture: { url: camera.url } });
    camera.failWith(503);
    await expect(source.read()).rejects.toThrow(/HTTP 503/);
    const bad = await DisplayCameraSimulator.start();
    const notPicture = new CameraDisplay({ name: 'gauge', picture: { url: bad.url.replace('snapshot.jpg', 'nothing') } });
    await expect(notPicture.read()).rejects.toThrow(/HTTP 404/);
    await Promise.all([source.close(), notPicture.close(), camera.close(), bad.close()]);
  });

  it('basic auth: the password comes from the environment and never appears in errors', async () => {
    const secret = 'pa55-w0rd-never-logged';
    const camera = await DisplayCameraSimulator.start({ auth: { username: 'lab', password: secret }, text: () => '-12.5', display: { font: 'DejaVu Serif' } });
    process.env.EXPMON_TEST_CAMERA_PASSWORD = secret;
    const good = new CameraDisplay({
      name: 'gauge',
      picture: { url: camera.url, username: 'lab', password: { env: 'EXPMON_TEST_CAMERA_PASSWORD' } },
      processing: { crop: camera.crop },
    });
    expect((await good.read()).map((r) => r.fields.value)).toEqual([-12.5]);
    const passwordFile = join(dir, 'camera-password');
    await writeFile(passwordFile, 'wrong-password\n');
    const wrong = new CameraDisplay({ name: 'gauge', picture: { url: camera.url, username: 'lab', password: { file: passwordFile } } });
    const error = await wrong.read().catch((e: unknown) => e);
    expect(CameraError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/HTTP 401.*username and picture\.password/);
    expect((error as Error).message).not.toContain('wrong-password');
    expect(good.device).not.toContain(secret);
    delete process.env.EXPMON_TEST_CAMERA_PASSWORD;
    expect(() => new CameraDisplay({ name: 'gauge', picture: { url: camera.url, username: 'lab', password: { env: 'EXPMON_TEST_CAMERA_PASSWORD' } } })).toThrow(
      /CameraDisplay\(gauge\)\.picture\.password: environment variable EXPMON_TEST_CAMERA_PASSWORD is not set/,
    );
    await Promise.all([good.close(), wrong.close(), camera.close()]);
  });

  it('failed reads keep the original and processed picture, the newest `keep` pairs only', async () => {
    const camera = await DisplayCameraSimulator.start({ text: () => '' });
    const kept = join(dir, 'kept');
    const source = new CameraDisplay({ name: 'gauge', picture: { url: camera.url }, processing: { crop: camera.crop }, failedPictures: { dir: kept, keep: 2 } });
    const problems: ExpmonError[] = [];
    source.problems.subscribe((p) => problems.push(p));
    for (let i = 0; i < 4; i++) expect(await source.read()).toEqual([]);
    expect(problems).toHaveLength(4);
    expect(problems.every((p) => UnreadableDisplayError.isInstance(p))).toBe(true);
    const files = (await readdir(kept)).sort();
    expect(files).toHaveLength(4); // 2 pairs
    expect(files.filter((f) => f.endsWith('-original.jpg'))).toHaveLength(2);
    expect(files.filter((f) => f.endsWith('-processed.png'))).toHaveLength(2);
    // The newest two failures are the ones kept.
    const last = problems[3] as UnreadableDisplayError;
    for (const p of last.keptPictures) expect(files).toContain(p.slice(kept.length + 1));
    await source.close();
    await camera.close();
  });

  it('a crop box outside the picture is a CameraError naming the box and the picture size', async () => {
    const camera = await DisplayCameraSimulator.start();
    const source = new CameraDisplay({ name: 'gauge', picture: { url: camera.url }, processing: { crop: { left: 600, top: 0, right: 700, bottom: 30 } }, failedPictures: { keep: 0 } });
    await expect(source.read()).rejects.toThrow(/crop box right 700, bottom 30 is outside the 640×480 picture/);
    await source.close();
    await camera.close();
  });

  it('capture command: real ffmpeg as the camera; exit status, missing program and a hang are errors', async () => {
    const png = join(dir, 'frame.png');
    await writeFile(png, await renderCameraPicture({ text: '2.3E-08', font: 'DejaVu Sans Mono', look: 'dark-on-light' }));
    const crop = { left: 360, top: 260, right: 620, bottom: 324 };
    const ffmpeg = new CameraDisplay({
      name: 'gauge',
      picture: { command: ['ffmpeg', '-hide_banner', '-loglevel', 'error', '-i', png, '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'png', '-'] },
      processing: { crop },
    });
    expect((await ffmpeg.read()).map((r) => r.fields.value)).toEqual([2.3e-8]);
    const viaFile = new CameraDisplay({ name: 'gauge', picture: { command: ['cp', png, '{output}'] }, processing: { crop } });
    expect((await viaFile.read()).map((r) => r.fields.value)).toEqual([2.3e-8]);
    const failing = new CameraDisplay({ name: 'gauge', picture: { command: ['ffmpeg', '-hide_banner', '-f', 'v4l2', '-i', '/dev/video-none', '-frames:v', '1', '-f', 'image2pipe', '-'] } });
    await expect(failing.read()).rejects.toThrow(/device camera ffmpeg \/dev\/video-none: ffmpeg exited with \d+/);
    const missing = new CameraDisplay({ name: 'gauge', picture: { command: ['expmon-no-such-capture-program'] } });
    await expect(missing.read()).rejects.toThrow(/cannot run expmon-no-such-capture-program: ENOENT/);
    const hanging = new CameraDisplay({ name: 'gauge', picture: { command: ['sleep', '30'], timeoutMs: 300 } });
    const error = await hanging.read().catch((e: unknown) => e);
    expect(DeviceTimeoutError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('sleep took no picture within 300 ms');
    await Promise.all([ffmpeg, viaFile, failing, missing, hanging].map((s) => s.close()));
  });

  it('newest picture in a folder: its time is the file time; a stale folder is an error, not the old value again', async () => {
    const folder = join(dir, 'drop');
    await mkdir(folder);
    const source = new CameraDisplay({ name: 'gauge', picture: { folder, maxAgeMs: 60_000 }, processing: { crop: { left: 360, top: 260, right: 620, bottom: 324 } } });
    await expect(source.read()).rejects.toThrow(/no picture .* in the folder/);
    const old = join(folder, 'a.jpg');
    await writeFile(old, await renderCameraPicture({ text: '1013', font: 'Liberation Sans' }));
    const newer = join(folder, 'b.jpg');
    await writeFile(newer, await renderCameraPicture({ text: '998.4', font: 'Liberation Sans' }));
    const t = new Date(Date.now() - 5_000);
    await utimes(old, new Date(Date.now() - 20_000), new Date(Date.now() - 20_000));
    await utimes(newer, t, t);
    const readings = await source.read();
    expect(readings.map((r) => r.fields.value)).toEqual([998.4]);
    expect(readings[0]!.time).toBe(Math.round((await stat(newer)).mtimeMs));
    const stale = new Date(Date.now() - 120_000);
    await utimes(old, stale, stale);
    await utimes(newer, stale, stale);
    const error = await source.read().catch((e: unknown) => e);
    // The age is taken at the read, a moment after `stale` was set (rounded to seconds).
    const ageBound = Math.round((Date.now() - stale.getTime()) / 1000);
    expect(CameraError.isInstance(error)).toBe(true);
    const age = Number(/is (\d+) s old \(maxAgeMs 60000\)/.exec((error as Error).message)?.[1]);
    expect(age).toBeGreaterThanOrEqual(120);
    expect(age).toBeLessThanOrEqual(ageBound);
    await source.close();
  });

  it('bad options fail at construction naming the field', () => {
    const url = 'http://127.0.0.1:1/snapshot.jpg';
    const field = (fn: () => unknown): string => {
      try {
        fn();
      } catch (e) {
        expect(ConfigError.isInstance(e)).toBe(true);
        return (e as ConfigError).field ?? '';
      }
      return 'no error';
    };
    expect(field(() => new CameraDisplay({ name: 'gauge', picture: { url: 'http://lab:secret@127.0.0.1/x.jpg' } }))).toBe('CameraDisplay(gauge).picture.url');
    expect(field(() => new CameraDisplay({ name: 'gauge', picture: { url: 'ftp://127.0.0.1/x.jpg' } }))).toBe('CameraDisplay(gauge).picture.url');
    expect(field(() => new CameraDisplay({ name: 'gauge', picture: {} as never }))).toBe('CameraDisplay(gauge).picture');
    expect(field(() => new CameraDisplay({ name: 'gauge', picture: { url }, processing: { crop: { left: 10, top: 0, right: 5, bottom: 9 } } }))).toBe(
      'CameraDisplay(gauge).processing.crop.right',
    );
    expect(field(() => new CameraDisplay({ name: 'gauge', picture: { url }, processing: { threshold: 300 } }))).toBe('CameraDisplay(gauge).processing.threshold');
    expect(field(() => new CameraDisplay({ name: 'gauge', picture: { url }, processing: { contrast: 'max' as never } }))).toBe('CameraDisplay(gauge).processing.contrast');
    expect(field(() => new CameraDisplay({ name: 'gauge', picture: { url }, minConfidence: 101 }))).toBe('CameraDisplay(gauge).minConfidence');
    expect(field(() => new CameraDisplay({ name: 'gauge', picture: { url }, validRange: [5, 1] }))).toBe('CameraDisplay(gauge).validRange');
    expect(field(() => new CameraDisplay({ name: 'gauge', picture: { command: [] } }))).toBe('CameraDisplay(gauge).picture.command');
    expect(field(() => new CameraDisplay({ name: 'gauge', picture: { url }, reader: 'ssocr' as never }))).toBe('CameraDisplay(gauge).reader');
    expect(field(() => new CameraDisplay({ name: 'bad name', picture: { url } }))).toBe('CameraDisplay.name');
  });

  it('maxReadMs covers the picture timeout and the OCR timeout', () => {
    const source = new CameraDisplay({ name: 'gauge', picture: { url: 'http://127.0.0.1:1/x.jpg', timeoutMs: 2000 }, ocrTimeoutMs: 1500 });
    expect(source.maxReadMs).toBe(2000 + 1500 + 500);
  });
});
