import saslprep from '@mongodb-js/saslprep';
import { Binary, type Document } from 'bson';
import crypto from 'node:crypto';
import { CommandError } from '../errors.js';

/** What the server keeps of a password: SCRAM-SHA-256's salted keys (RFC 5802/7677), never the password itself. */
export interface ScramVerifier {
  user: string;
  salt: string;
  iterations: number;
  storedKey: string;
  serverKey: string;
}

const ITERATIONS = 15_000;
const hmac = (key: Buffer, data: string | Buffer) => crypto.createHmac('sha256', key).update(data).digest();
const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest();

export function makeVerifier(user: string, password: string, iterations = ITERATIONS): ScramVerifier {
  const salt = crypto.randomBytes(28);
  const salted = crypto.pbkdf2Sync(saslprep(password), salt, iterations, 32, 'sha256');
  return {
    user,
    salt: salt.toString('base64'),
    iterations,
    storedKey: sha256(hmac(salted, 'Client Key')).toString('base64'),
    serverKey: hmac(salted, 'Server Key').toString('base64'),
  };
}

const authFailed = () => new CommandError(18, 'AuthenticationFailed', 'Authentication failed.');

function fields(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1) out.set(part[0]!, part.slice(2));
  }
  return out;
}

/** RFC 5802's username encoding: ',' and '=' are escaped. */
const decodeName = (s: string) => s.replace(/=2C/g, ',').replace(/=3D/g, '=');

/**
 * One SCRAM-SHA-256 conversation on one connection, as mongod answers
 * `saslStart` and `saslContinue` (with `skipEmptyExchange`, as drivers send).
 */
export class ScramConversation {
  private clientFirstBare = '';
  private serverFirst = '';
  private nonce = '';
  private step = 0;
  private skipEmpty = false;
  private userMatches = false;
  authenticated = false;

  constructor(private readonly verifier: ScramVerifier) {}

  start(cmd: Document): Document {
    if (cmd.mechanism !== 'SCRAM-SHA-256') {
      throw new CommandError(2, 'BadValue', `Unsupported mechanism '${String(cmd.mechanism)}' on authentication; only SCRAM-SHA-256 is offered`);
    }
    const message = payloadText(cmd.payload);
    if (!message.startsWith('n,')) throw authFailed();
    this.clientFirstBare = message.slice(message.indexOf(',', 2) + 1);
    const f = fields(this.clientFirstBare);
    const user = decodeName(f.get('n') ?? '');
    const clientNonce = f.get('r') ?? '';
    if (!clientNonce) throw authFailed();
    this.skipEmpty = (cmd.options as Document | undefined)?.skipEmptyExchange === true;
    // An unknown user gets the same kind of challenge (made-up salt) so that names cannot be probed.
    const v = user === this.verifier.user ? this.verifier : { ...this.verifier, salt: crypto.randomBytes(28).toString('base64') };
    this.nonce = clientNonce + crypto.randomBytes(24).toString('base64');
    this.serverFirst = `r=${this.nonce},s=${v.salt},i=${v.iterations}`;
    this.userMatches = user === this.verifier.user;
    this.step = 1;
    return { conversationId: 1, done: false, payload: new Binary(Buffer.from(this.serverFirst)), ok: 1 };
  }

  continue(cmd: Document): Document {
    if (this.step === 2 && !this.skipEmpty) {
      this.step = 3;
      return { conversationId: 1, done: true, payload: new Binary(Buffer.alloc(0)), ok: 1 };
    }
    if (this.step !== 1) throw new CommandError(17, 'ProtocolError', 'No SASL session state found');
    const message = payloadText(cmd.payload);
    const f = fields(message);
    const proof = f.get('p');
    if (f.get('r') !== this.nonce || !proof) throw authFailed();
    const withoutProof = message.slice(0, message.lastIndexOf(',p='));
    const authMessage = `${this.clientFirstBare},${this.serverFirst},${withoutProof}`;
    const storedKey = Buffer.from(this.verifier.storedKey, 'base64');
    const clientSignature = hmac(storedKey, authMessage);
    const clientProof = Buffer.from(proof, 'base64');
    if (clientProof.length !== clientSignature.length) throw authFailed();
    const clientKey = Buffer.from(clientProof.map((b, i) => b ^ clientSignature[i]!));
    if (!this.userMatches || !crypto.timingSafeEqual(sha256(clientKey), storedKey)) throw authFailed();
    const serverSignature = hmac(Buffer.from(this.verifier.serverKey, 'base64'), authMessage).toString('base64');
    this.authenticated = true;
    this.step = 2;
    return { conversationId: 1, done: this.skipEmpty, payload: new Binary(Buffer.from(`v=${serverSignature}`)), ok: 1 };
  }
}

function payloadText(p: unknown): string {
  if (p instanceof Binary) return Buffer.from(p.buffer).toString('utf8');
  if (Buffer.isBuffer(p) || p instanceof Uint8Array) return Buffer.from(p).toString('utf8');
  if (typeof p === 'string') return p;
  throw new CommandError(17, 'ProtocolError', 'SASL payload must be binary');
}
