import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DisplayCameraSimulator, renderCameraPicture } from '@expmon/driver-camera/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
// The built CLI (dist/): build first.
const CLI = fileURLToPath(new URL('../dist/cameraTuneCli.js', import.meta.url));
const CROP = '360,260,620,324';

async function tune(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [CLI, ...args], { cwd, env: { ...process.env, ...env }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('expmon-camera-tune', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-camera-tune-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a picture file: writes the processed picture, prints text, confidence, value and the processing to copy', async () => {
    await writeFile(join(dir, 'gauge.jpg'), await renderCameraPicture({ text: '2,3E-08', font: 'Liberation Sans', look: 'dark-on-light' }));
    const r = await tune(['gauge.jpg', '--crop', CROP, '--contrast', 'clahe', '-o', 'seen.png'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('text:       "2,3E-08"');
    expect(r.stdout).toMatch(/value: {6}2\.3e-8\n/);
    expect(r.stdout).toContain('processing: {"crop":{"left":360,"top":260,"right":620,"bottom":324},"contrast":"clahe"}');
    const png = await readFile(join(dir, 'seen.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('a seven-segment display from a URL with basic auth (password from CAMERA_PASSWORD)', async () => {
    const camera = await DisplayCameraSimulator.start({ text: () => '-12.5', display: { font: 'seven-segment', look: 'red-on-black' }, auth: { username: 'lab', password: 'tune-secret' } });
    try {
      const r = await tune([camera.url, '--user', 'lab', '--crop', CROP, '--seven-segment'], dir, { CAMERA_PASSWORD: 'tune-secret' });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/value: {6}-12\.5\n/);
      expect(r.stdout).not.toContain('tune-secret');
      const denied = await tune([camera.url, '--user', 'lab', '--crop', CROP], dir, { CAMERA_PASSWORD: 'wrong' });
      expect(denied.code).toBe(1);
      expect(denied.stderr).toMatch(/HTTP 401/);
    } finally {
      await camera.close();
    }
  });

  it('no value: exit status 1 with the reason; a bad option or no argument: usage errors', async () => {
    await writeFile(join(dir, 'blank.jpg'), await renderCameraPicture({ text: '' }));
    const blank = await tune(['blank.jpg', '--crop', CROP], dir);
    expect(blank.code).toBe(1);
    expect(blank.stdout).toMatch(/value: {6}none \(the crop has no contrast \(\d+ grey levels\): blank display/);
    const bad = await tune(['blank.jpg', '--threshold', '999'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/options\.threshold: must be false or a grey level from 1 to 254, got 999/);
    const none = await tune([], dir);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^usage: expmon-camera-tune/);
  });
});
