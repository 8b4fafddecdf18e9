import { DatabaseUnreachableError } from '../errors/DatabaseUnreachableError.js';

/**
 * Samples per metric name in VictoriaMetrics up to `until` (inclusive), read by streaming
 * `/api/v1/export` (after `/internal/force_flush`, so just-written samples count).
 *
 * @example
 * await countVictoriaMetrics('http://127.0.0.1:8428', new Date());
 * // { lab_temp_value: 86400 }
 */
export async function countVictoriaMetrics(url: string, until: Date): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let res: Response;
  try {
    await fetch(new URL('/internal/force_flush', url)).then((r) => r.arrayBuffer());
    const params = new URLSearchParams({ 'match[]': '{__name__!=""}', start: '0', end: String(until.getTime() / 1000) });
    res = await fetch(new URL(`/api/v1/export?${params}`, url), { signal: AbortSignal.timeout(3_600_000) });
  } catch (e) {
    const code = (e as { cause?: { code?: string } }).cause?.code;
    throw new DatabaseUnreachableError(`VictoriaMetrics ${url}`, code ?? (e as Error).message, e);
  }
  if (!res.ok || !res.body) throw new Error(`counting samples in VictoriaMetrics ${url} failed (HTTP ${res.status}): ${(await res.text()).trim()}`);
  const decoder = new TextDecoder();
  let rest = '';
  const take = (line: string): void => {
    if (line.trim() === '') return;
    const s = JSON.parse(line) as { metric: Record<string, string>; values: unknown[] };
    const name = s.metric.__name__ ?? '';
    counts[name] = (counts[name] ?? 0) + s.values.length;
  };
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n');
    rest = lines.pop()!;
    lines.forEach(take);
  }
  take(rest + decoder.decode());
  return counts;
}
