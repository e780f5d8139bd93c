import { z } from 'zod';
import { audit } from '../audit/audit.service.js';
import type { Actor } from '../http/actor.js';
import { NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { MAIL_PREFS, UserModel, type MailPref } from './user.model.js';

export const MailPrefSchema = z.object({ mailPref: z.enum(MAIL_PREFS, { error: 'mail.pref.invalid' }) });

export async function getMailPref(actor: Actor): Promise<MailPref> {
  const user = await UserModel.findById(toObjectId(actor.id), { mailPref: 1 }).lean();
  if (!user) throw new NotFound();
  return user.mailPref ?? 'each';
}

/** Each user decides for themselves only; audited so a missed e-mail can be explained. */
export async function setMailPref(actor: Actor, mailPref: MailPref): Promise<MailPref> {
  const before = await getMailPref(actor);
  if (before === mailPref) return mailPref;
  await UserModel.updateOne({ _id: toObjectId(actor.id) }, { $set: { mailPref } });
  await audit(actor, 'user.mail_pref', { type: 'user', id: actor.id, label: actor.email }, { from: before, to: mailPref });
  return mailPref;
}
