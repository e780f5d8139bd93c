import 'express-session';
import type { Actor } from './actor.js';
import type { Lang, Translate } from '../i18n/index.js';

export interface Flash {
  type: 'success' | 'info' | 'warning' | 'danger';
  message: string;
}

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    authAt?: number;
    flash?: Flash[];
    /** set on anonymous pages that carry a form, so the session id (and the CSRF token bound to it) stays stable */
    anon?: boolean;
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
    /** the logged-in user's unread notifications, as kept on the user (pages) */
    unreadNotifications?: number;
    lang: Lang;
    t: Translate;
  }
}
