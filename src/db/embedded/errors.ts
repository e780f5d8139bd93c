/** An error the engine answers with `ok: 0`, MongoDB's numeric code and code name. */
export class CommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toReply(): Record<string, unknown> {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }
}

export const badValue = (msg: string) => new CommandError(2, 'BadValue', msg);
export const failedToParse = (msg: string) => new CommandError(9, 'FailedToParse', msg);
export const namespaceNotFound = (msg: string) => new CommandError(26, 'NamespaceNotFound', msg);
export const commandNotFound = (name: string) =>
  new CommandError(59, 'CommandNotFound', `no such command: '${name}'`);
export const cursorNotFound = (id: bigint) => new CommandError(43, 'CursorNotFound', `cursor id ${id} not found`);
export const noSuchTransaction = (msg: string) =>
  new CommandError(251, 'NoSuchTransaction', msg, { errorLabels: ['TransientTransactionError'] });
export const writeConflict = () =>
  new CommandError(112, 'WriteConflict', 'Write conflict during plan execution and yielding is disabled.', {
    errorLabels: ['TransientTransactionError'],
  });
export const indexNotFound = (msg: string) => new CommandError(27, 'IndexNotFound', msg);
export const namespaceExists = (msg: string) => new CommandError(48, 'NamespaceExists', msg);

export class DuplicateKeyError extends CommandError {
  constructor(ns: string, indexName: string, keyPattern: Record<string, unknown>, keyValue: Record<string, unknown>) {
    super(
      11000,
      'DuplicateKey',
      `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: ${describe(keyValue)}`,
      { keyPattern, keyValue },
    );
  }
}

function describe(keyValue: Record<string, unknown>): string {
  const parts = Object.entries(keyValue).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  return `{ ${parts.join(', ')} }`;
}

export const duplicateIdError = (ns: string, id: unknown) => new DuplicateKeyError(ns, '_id_', { _id: 1 }, { _id: id });
