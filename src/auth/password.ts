import argon2 from 'argon2';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

// OWASP's argon2id baseline (19 MiB, 2 passes): the library default (64 MiB, 3 passes, 4 lanes)
// takes most of a second per login on a two-core server, which invites a denial of service.
const PARAMS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, PARAMS);
}

export async function verifyPassword(hash: string | undefined, plain: string): Promise<boolean> {
  if (!hash) {
    // Same work for an unknown account as for a known one, so timing does not reveal which e-mails exist.
    await argon2.verify(await dummyHash(), plain).catch(() => false);
    return false;
  }
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hashPassword('not-a-real-password-' + Math.random());
  return dummy;
}
