// The shared plumbing every feature uses. See README.md in this folder.
import './types.js';

export type { Actor, AnyActor, AnonymousActor, SystemActor } from './actor.js';
export { isSystemActor } from './actor.js';
export type { AppContext } from './context.js';
export {
  AppError,
  BadRequest,
  Conflict,
  Forbidden,
  Invalid,
  NotFound,
  RateLimited,
  TooLarge,
  Unauthenticated,
  UnsupportedType,
  isAppError,
  type FieldError,
} from './errors.js';
export { flash } from './flash.js';
export { actorOf, requireAuth, requireRole } from './guards.js';
export { isObjectIdString, objectIdParam, toObjectId } from './ids.js';
export { decodeCursor, encodeCursor, pageByIdAsc, parsePaging, DEFAULT_LIMIT, MAX_LIMIT, type Page } from './paging.js';
export { findUnsafeKey } from './sanitize.js';
export { agencyScope, assertInScope, seesAllAgencies } from './scope.js';
export { upload, type UploadOptions } from './upload.js';
export { form, parse, parseQuery, validateBody, zodDetails } from './validate.js';
export { audit, type AuditObject } from '../audit/audit.service.js';
export { formatDate, formatDateTime, formatNumber, translator, type Lang, type Translate } from '../i18n/index.js';
