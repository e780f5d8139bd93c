import type { Document } from 'bson';
import type { Engine } from '../engine.js';
import type { Doc } from '../query/values.js';
import type { Transaction, View } from '../view.js';
import type { Request } from '../wire/protocol.js';
import { adminCommands } from './admin.js';
import { aggregateCommands } from './aggregate.js';
import { readCommands } from './read.js';
import { schemaCommands } from './schema.js';
import { writeCommands } from './write.js';

export interface Ctx {
  engine: Engine;
  db: string;
  cmd: Doc;
  req: Request;
  txn?: Transaction;
  view(collection: string): View;
}

export type Handler = (ctx: Ctx) => Document | Buffer;

export const COMMANDS: Record<string, Handler> = {
  ...adminCommands,
  ...readCommands,
  ...writeCommands,
  ...aggregateCommands,
  ...schemaCommands,
};
