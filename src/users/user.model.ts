import mongoose, { Schema, type Types } from 'mongoose';
import { LANGS, type Lang } from '../i18n/index.js';
import { ROLES, type Role } from './roles.js';

/** How a user wants notifications by e-mail: each as it happens, one digest a day, or none. */
export const MAIL_PREFS = ['each', 'digest', 'none'] as const;
export type MailPref = (typeof MAIL_PREFS)[number];

export interface User {
  _id: Types.ObjectId;
  email: string;
  name: string;
  role: Role;
  agency: Types.ObjectId;
  passwordHash?: string;
  active: boolean;
  lang: Lang;
  /** unset on accounts made before the choice existed: they get each e-mail */
  mailPref?: MailPref;
  /** consecutive failed logins; reset by a successful one */
  failedLogins: number;
  lockedUntil?: Date;
  lastLoginAt?: Date;
  /** sessions that started before this are no longer valid */
  passwordChangedAt?: Date;
  /** unread notifications, kept with every notification written or read (the navigation shows it on every page) */
  unreadNotifications?: number;
  createdAt: Date;
  updatedAt: Date;
}

const userSchema = new Schema<User>(
  {
    email: { type: String, required: true, unique: true, lowercase: true, trim: true },
    name: { type: String, required: true, trim: true },
    role: { type: String, enum: ROLES, required: true },
    agency: { type: Schema.Types.ObjectId, ref: 'Agency', required: true, index: true },
    passwordHash: { type: String, select: false },
    active: { type: Boolean, default: true },
    lang: { type: String, enum: LANGS, default: 'vi' },
    mailPref: { type: String, enum: MAIL_PREFS, default: 'each' },
    failedLogins: { type: Number, default: 0 },
    lockedUntil: { type: Date },
    lastLoginAt: { type: Date },
    passwordChangedAt: { type: Date },
    unreadNotifications: { type: Number, default: 0 },
  },
  { timestamps: true },
);

export const UserModel = mongoose.model<User>('User', userSchema);
