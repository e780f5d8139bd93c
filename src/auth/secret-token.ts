import crypto from 'node:crypto';

/** A random token for a link or an API client, and the sha256 that is all we keep of it. */
export function newSecretToken(prefix = ''): { token: string; hash: string } {
  const token = prefix + crypto.randomBytes(32).toString('base64url');
  return { token, hash: sha256(token) };
}

export function sha256(value: string): string {
  return crypto.createHash('sha256').update(value, 'utf8').digest('hex');
}
