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
  /** a message a person must read, printed as plain lines (the log itself may be JSON) */
  announce?: (lines: string[]) => void;
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
  const link = `${opts.baseUrl}/setup/${token}`;
  opts.log(`No administrator yet. Open ${link} within 24 hours to create one (the link works once).`);
  opts.announce?.([
    'Chưa có tài khoản quản trị. Mở đường dẫn sau trong 24 giờ để tạo tài khoản quản trị đầu tiên (chỉ dùng được một lần):',
    'No administrator yet. Open this link within 24 hours to create the first one (it works once):',
    '',
    `    ${link}`,
    '',
    'Hết hạn? Khởi động lại máy chủ để nhận đường dẫn mới. / Expired? Restart the server for a new link.',
  ]);
}
