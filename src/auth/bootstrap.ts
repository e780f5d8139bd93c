import { reviewingAgency, seedAgencies } from '../agencies/agency.service.js';
import { UserModel } from '../users/user.model.js';
import { createUser } from '../users/user.service.js';
import { createSetupLink } from './one-time-token.service.js';

/**
 * Run once per start, after the database is connected: the agencies exist,
 * and an empty installation gets its first admin (from the environment) or
 * a setup link in the log.
 */
export async function bootstrap(opts: {
  adminEmail?: string;
  adminPassword?: string;
  baseUrl: string;
  log: (line: string) => void;
}): Promise<void> {
  const added = await seedAgencies();
  if (added > 0) opts.log(`Agencies: ${added} added from the official list`);
  if (await UserModel.exists({ role: 'admin' })) return;
  if (opts.adminEmail && opts.adminPassword) {
    const moj = await reviewingAgency();
    await createUser(
      { system: true, label: 'first-start' },
      { email: opts.adminEmail.toLowerCase(), name: 'Quản trị hệ thống', role: 'admin', agency: moj._id.toString() },
      opts.adminPassword,
    );
    opts.log(`First administrator created: ${opts.adminEmail}`);
    return;
  }
  const token = await createSetupLink();
  opts.log(`No administrator yet. Open ${opts.baseUrl}/setup/${token} within 24 hours to create one (the link works once).`);
}
