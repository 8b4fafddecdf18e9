/**
 * A vacuum gauge with no data port, read through a camera looking at its display (OCR), as
 * the seed lab reads `zeeman2_vac` (mbar). The original's crop box on its webcam picture
 * was left 480, top 275, right 580, bottom 300.
 *
 *   # a real camera: a snapshot URL (an IP camera, or a Pi next to the gauge serving its webcam)
 *   CAMERA_URL=http://10.0.0.9:8080/snapshot.jpg CAMERA_CROP=480,275,580,300 npx expmon-runner examples/camera.config.ts
 *   # with basic auth: CAMERA_USER=lab and the password in CAMERA_PASSWORD (never in the config)
 *   # no camera: leave CAMERA_URL unset; the package's display simulator (a camera looking at
 *   # a gauge showing ~2.3E-08 mbar) starts on a free loopback port
 *   npx expmon-runner examples/camera.config.ts --verbose
 *
 * Failed reads keep their pictures in expmon-data/camera/zeeman2_vac/ (tune the crop with
 * `npx expmon-camera-tune <picture or URL> --crop 480,275,580,300`).
 */
import { CameraDisplay } from '@expmon/driver-camera';
import { DisplayCameraSimulator } from '@expmon/driver-camera/simulator';
import { defineConfig } from '@expmon/runner';

let url = process.env.CAMERA_URL;
let crop = { left: 480, top: 275, right: 580, bottom: 300 };
if (process.env.CAMERA_CROP) {
  const [left, top, right, bottom] = process.env.CAMERA_CROP.split(',').map(Number) as [number, number, number, number];
  crop = { left, top, right, bottom };
}

if (!url) {
  // No camera: a simulated one on 127.0.0.1, looking at a backlit LCD.
  const camera = await DisplayCameraSimulator.start({ display: { font: 'DejaVu Sans Mono', look: 'green-on-black', noise: 4, blur: 0.6 }, unref: true });
  url = camera.url;
  crop = camera.crop;
}

export default defineConfig({
  interval: '10s',
  sources: [
    new CameraDisplay({
      name: 'zeeman2_vac',
      unit: 'mbar',
      picture: {
        url,
        ...(process.env.CAMERA_USER ? { username: process.env.CAMERA_USER, password: { env: 'CAMERA_PASSWORD' } } : {}),
      },
      processing: { crop },
      // The gauge always shows d.dE-dd: anything else is dropped, never stored.
      pattern: /^\d[.,]\d{1,2}E[-+]\d\d$/,
      validRange: [1e-12, 2000],
    }),
  ],
});
