import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readManifest, type BackupManifest } from './BackupManifest.js';

/**
 * What {@link pruneBackups} kept and removed (folder names).
 *
 * @example
 * const { removed } = await pruneBackups('/mnt/nas/expmon', 2, current);
 */
export interface PruneResult {
  kept: string[];
  removed: string[];
}

/**
 * `--keep N`: keeps N backups in `dir` and removes older ones. The backup just made and the
 * newest verified one are always kept (they count towards N; with N = 1 both may stay), then
 * the newest others until N are kept. Only folders with an expmon manifest are considered:
 * anything else in `dir` is left alone.
 *
 * @example
 * await pruneBackups('/mnt/nas/expmon', 2, '2026-11-30T040000Z');
 */
export async function pruneBackups(dir: string, keep: number, current: string): Promise<PruneResult> {
  const backups: Array<{ folder: string; manifest: BackupManifest }> = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const manifest = await readManifest(join(dir, entry.name)).catch(() => undefined);
    if (manifest) backups.push({ folder: entry.name, manifest });
  }
  backups.sort((a, b) => (a.manifest.startedAt < b.manifest.startedAt ? 1 : a.manifest.startedAt > b.manifest.startedAt ? -1 : 0));
  const keepSet = new Set<string>([current]);
  const lastVerified = backups.find((b) => b.manifest.verified?.ok);
  if (lastVerified) keepSet.add(lastVerified.folder);
  for (const b of backups) {
    if (keepSet.size >= keep) break;
    keepSet.add(b.folder);
  }
  const removed: string[] = [];
  for (const b of backups) {
    if (keepSet.has(b.folder)) continue;
    await rm(join(dir, b.folder), { recursive: true, force: true });
    removed.push(b.folder);
  }
  return { kept: backups.filter((b) => keepSet.has(b.folder)).map((b) => b.folder), removed };
}
