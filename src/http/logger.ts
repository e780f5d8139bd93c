import type { NextFunction, Request, Response } from 'express';
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: undefined, redact: ['req.headers.authorization', 'req.headers.cookie'] });
}

/** One line per request, without the query string (it may carry a CSRF token or a search term). */
export function requestLogger(logger: Logger) {
  return function logRequest(req: Request, res: Response, next: NextFunction): void {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const line = { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms), user: req.actor?.id };
      if (res.statusCode >= 500) logger.error(line, 'request failed');
      else logger.debug(line, 'request');
    });
    next();
  };
}
