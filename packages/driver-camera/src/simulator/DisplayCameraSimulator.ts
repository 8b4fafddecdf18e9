import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DEFAULT_SCENE, renderCameraPicture, type DisplayPicture } from './renderDisplay.js';

/**
 * Options of {@link DisplayCameraSimulator}.
 *
 * @example
 * const o: DisplayCameraSimulatorOptions = { display: { font: 'seven-segment', look: 'red-on-black' }, text: () => '2.3E-08' };
 */
export interface DisplayCameraSimulatorOptions {
  /** How the display looks (everything of {@link DisplayPicture} but the text). */
  display?: Omit<DisplayPicture, 'text'>;
  /** What the display shows at each snapshot; default a pressure drifting around 2.3E-08. */
  text?: () => string;
  /** Require this basic-auth user and password. */
  auth?: { username: string; password: string };
  /** Port on 127.0.0.1; default 0 (a free port). */
  port?: number;
  /** Do not keep the process alive (a config that starts the simulator and exits with the runner). */
  unref?: boolean;
}

/**
 * A simulated IP camera looking at a display: `GET /snapshot.jpg` on 127.0.0.1 answers a
 * freshly rendered JPEG of the display (the display at {@link DisplayCameraSimulator.crop}).
 * Faults for tests: {@link hang} (accepts and never answers), {@link failWith} (an HTTP
 * status), {@link close} (camera down).
 *
 * @example
 * import { DisplayCameraSimulator } from '@expmon/driver-camera/simulator';
 * const camera = await DisplayCameraSimulator.start({ display: { font: 'seven-segment' }, text: () => '1013' });
 * // new CameraDisplay({ name: 'gauge', picture: { url: camera.url }, processing: { crop: camera.crop } })
 * await camera.close();
 */
export class DisplayCameraSimulator {
  /** The crop box of the display in the pictures. */
  readonly crop = {
    left: DEFAULT_SCENE.display.left,
    top: DEFAULT_SCENE.display.top,
    right: DEFAULT_SCENE.display.left + DEFAULT_SCENE.display.width,
    bottom: DEFAULT_SCENE.display.top + DEFAULT_SCENE.display.height,
  };
  /** Snapshots served so far. */
  snapshots = 0;
  /** The text shown in the last snapshot. */
  lastText: string | undefined;
  private hanging = false;
  private status: number | undefined;
  private readonly sockets = new Set<Socket>();
  private step = 0;

  private constructor(
    private readonly server: Server,
    private readonly options: DisplayCameraSimulatorOptions,
  ) {
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** Starts the camera on 127.0.0.1. */
  static async start(options: DisplayCameraSimulatorOptions = {}): Promise<DisplayCameraSimulator> {
    let sim: DisplayCameraSimulator | undefined;
    const server = createServer((req, res) => void sim!.handle(req, res));
    sim = new DisplayCameraSimulator(server, options);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    if (options.unref) server.unref();
    return sim;
  }

  /** `http://127.0.0.1:<port>/snapshot.jpg` */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/snapshot.jpg`;
  }

  /** From now on, accept requests and never answer (a hung camera); `false` ends it. */
  hang(on = true): void {
    this.hanging = on;
  }

  /** Answer every snapshot with this HTTP status (`undefined`: back to pictures). */
  failWith(status: number | undefined): void {
    this.status = status;
  }

  /** Stops the camera (connections are cut). Safe to call twice. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.hanging) return; // never answers; the socket stays open until close()
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/snapshot.jpg') {
      res.writeHead(404).end();
      return;
    }
    const auth = this.options.auth;
    if (auth) {
      const expected = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="camera"' }).end();
        return;
      }
    }
    if (this.status !== undefined) {
      res.writeHead(this.status).end();
      return;
    }
    const text = (this.options.text ?? (() => this.driftingPressure()))();
    try {
      const jpeg = await renderCameraPicture({ ...this.options.display, text, seed: this.snapshots + 1 });
      this.snapshots++;
      this.lastText = text;
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': jpeg.length, 'cache-control': 'no-store' }).end(jpeg);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String((error as Error).message));
    }
  }

  private driftingPressure(): string {
    this.step++;
    const mantissa = 2.3 + 0.4 * Math.sin(this.step / 5);
    return `${mantissa.toFixed(1)}E-08`;
  }
}
