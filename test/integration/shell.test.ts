import { expect } from 'chai';
import request from 'supertest';
import { parseEnv, ConfigError, resolveSessionSecret } from '../../src/config/env.js';
import { allKeys } from '../../src/i18n/index.js';
import { formatDate, formatDateTime, formatNumber } from '../../src/i18n/index.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeApp } from '../factories/index.js';
import { testDatabase } from '../support/hooks.js';

describe('shell, configuration and words', () => {
  it('when /healthz is asked, then it answers ok with the database kind', async () => {
    const res = await request(makeApp()).get('/healthz');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ status: 'ok', db: testDatabase().kind });
  });

  it('when a page does not exist, then a 404 page in Vietnamese, without a stack trace', async () => {
    const res = await request(makeApp()).get('/khong-co');
    expect(res.status).to.equal(404);
    expect(res.text).to.contain('Không tìm thấy');
    expect(res.text).not.to.contain('at ');
  });

  it('when the environment has a bad value, then one line names it; defaults fill the rest', () => {
    expect(() => parseEnv({ PORT: 'abc' })).to.throw(ConfigError, /^Invalid configuration: PORT/);
    expect(() => parseEnv({ ADMIN_EMAIL: 'a@b.vn' })).to.throw(ConfigError, /together/);
    const env = parseEnv({});
    expect(env).to.deep.include({ PORT: 3000, DATA_DIR: './data', LOG_LEVEL: 'info' });
    expect(env.MONGODB_URI).to.equal(undefined);
  });

  it('when no SESSION_SECRET is given, then one is generated once in DATA_DIR and reused', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-secret-'));
    try {
      const first = resolveSessionSecret(parseEnv({ DATA_DIR: dir }));
      expect(first.length).to.be.greaterThan(32);
      expect(resolveSessionSecret(parseEnv({ DATA_DIR: dir }))).to.equal(first);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when the dictionaries are loaded, then Vietnamese and English have the same keys', () => {
    const vi = new Set(allKeys('vi'));
    const en = new Set(allKeys('en'));
    expect([...vi].filter((k) => !en.has(k)), 'missing in en').to.deep.equal([]);
    // English singular forms (…_one) have no Vietnamese counterpart: Vietnamese nouns do not inflect.
    expect([...en].filter((k) => !vi.has(k) && !(k.endsWith('_one') && vi.has(k.slice(0, -4)))), 'missing in vi').to.deep.equal([]);
  });

  it('when dates and numbers are formatted, then they read dd/mm/yyyy and 1.234', () => {
    expect(formatDate(new Date('2026-12-31T20:00:00Z'))).to.equal('01/01/2027');
    // Vietnam's time, whatever the server's zone: 16:59 and 17:00 UTC fall on either side of midnight.
    expect(formatDateTime(new Date('2027-02-28T16:59:00Z'))).to.equal('28/02/2027 23:59');
    expect(formatDateTime(new Date('2027-02-28T17:00:00Z'))).to.equal('01/03/2027 00:00');
    expect(formatDateTime(new Date('2026-07-04T01:02:00Z'))).to.equal('04/07/2026 08:02');
    expect(formatNumber(1234567)).to.equal('1.234.567');
    // Whole numbers are grouped without Intl: the same text as Intl gives, in both languages, signs and fractions included.
    for (const lang of ['vi', 'en'] as const) {
      const intl = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 });
      for (const n of [0, 7, -7, 999, 1000, -1000, 10106, 123456, -9876543, Number.MAX_SAFE_INTEGER, 1234.5]) expect(formatNumber(n, lang)).to.equal(intl.format(n));
    }
  });
});
