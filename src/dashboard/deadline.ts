/**
 * Days to a deadline as people count them in Vietnam: calendar days in UTC+7 (no DST),
 * so on the deadline day itself it is 0 ("hết hạn hôm nay"), the day after -1 (overdue).
 */
const DAY = 86_400_000;
const VN_OFFSET = 7 * 3_600_000;

function vnDayNumber(d: Date): number {
  return Math.floor((d.getTime() + VN_OFFSET) / DAY);
}

export function daysToDeadline(deadline: Date, now = new Date()): number {
  return vnDayNumber(deadline) - vnDayNumber(now);
}

export type DeadlineState = { kind: 'left'; days: number } | { kind: 'today' } | { kind: 'overdue'; days: number };

export function deadlineState(deadline: Date, now = new Date()): DeadlineState {
  if (now.getTime() > deadline.getTime()) return { kind: 'overdue', days: Math.max(1, -daysToDeadline(deadline, now)) };
  const days = daysToDeadline(deadline, now);
  return days <= 0 ? { kind: 'today' } : { kind: 'left', days };
}
