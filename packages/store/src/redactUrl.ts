/**
 * A URL fit for logs, errors, metrics labels and files: the password (and any token in
 * the query) replaced by `***`. A text that is not a URL is returned with anything that
 * looks like `user:password@` redacted.
 *
 * @example
 * redactUrl('http://admin:SECRET@127.0.0.1:8086'); // 'http://admin:***@127.0.0.1:8086'
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const k of [...u.searchParams.keys()]) if (/^(p|password|token|u_?token|auth)$/i.test(k)) u.searchParams.set(k, '***');
    let s = u.toString();
    // new URL adds a trailing slash to a bare origin; keep the user's spelling.
    if (!url.endsWith('/') && u.pathname === '/' && s.endsWith('/') && !u.search) s = s.slice(0, -1);
    return s;
  } catch {
    return url.replace(/([^/:@\s]*):[^@/\s]+@/g, '$1:***@');
  }
}

/**
 * Replaces every occurrence of the given secrets in a text by `***` (secrets shorter than
 * 3 characters are left alone: they would redact ordinary words).
 *
 * @example
 * redactSecrets('auth failed for SECRET', ['SECRET']); // 'auth failed for ***'
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 3) out = out.split(s).join('***');
  return out;
}
