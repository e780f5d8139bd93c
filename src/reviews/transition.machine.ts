import type { SubmissionStatus } from '../submissions/submission.model.js';
import type { Role } from '../users/roles.js';
import { Conflict, Forbidden, Invalid } from '../http/errors.js';

/**
 * The one state machine of a submission (báo cáo của cơ quan). Services ask it
 * what a transition leads to; it knows roles and states, nothing of the
 * database. Ownership (the agency's own submission) and campaign state are the
 * service's checks, made before asking.
 */
export { SUBMISSION_STATUSES, type SubmissionStatus } from '../submissions/submission.model.js';

export const TRANSITION_ACTIONS = ['submit', 'start_review', 'request_changes', 'accept', 'reopen'] as const;
export type TransitionAction = (typeof TRANSITION_ACTIONS)[number];

interface Rule {
  from: readonly SubmissionStatus[];
  to: SubmissionStatus;
  roles: readonly Role[];
  /** A reviewer asking for changes must say what; the agency reads it. An admin reopening says why. */
  messageRequired?: boolean;
  /** Where the action leads from particular states, when not `to`. */
  toFrom?: Partial<Record<SubmissionStatus, SubmissionStatus>>;
}

export const TRANSITIONS: Readonly<Record<TransitionAction, Rule>> = {
  // A resubmission answers a reviewer who is already on it: it goes straight back to review.
  submit: { from: ['draft', 'changes_requested'], to: 'submitted', roles: ['agency'], toFrom: { changes_requested: 'in_review' } },
  start_review: { from: ['submitted'], to: 'in_review', roles: ['reviewer', 'admin'] },
  request_changes: { from: ['in_review'], to: 'changes_requested', roles: ['reviewer', 'admin'], messageRequired: true },
  accept: { from: ['in_review'], to: 'accepted', roles: ['reviewer', 'admin'] },
  // Only the admin may undo an acceptance; the submission goes back to review, not to the agency.
  reopen: { from: ['accepted'], to: 'in_review', roles: ['admin'], messageRequired: true },
};

/** States in which the owner agency may edit rows, report and files. */
export const EDITABLE_STATUSES: readonly SubmissionStatus[] = ['draft', 'changes_requested'];

export function isTransitionAction(value: unknown): value is TransitionAction {
  return typeof value === 'string' && (TRANSITION_ACTIONS as readonly string[]).includes(value);
}

export function isEditable(status: SubmissionStatus): boolean {
  return EDITABLE_STATUSES.includes(status);
}

/**
 * The next state of `action` from `status` for `role`, or an error: Forbidden
 * when the role may never do it, Conflict when the current state does not
 * allow it (API.md: 409 "transition not allowed from the current state").
 */
export function nextStatus(status: SubmissionStatus, action: TransitionAction, role: Role, message?: string): SubmissionStatus {
  const rule = TRANSITIONS[action];
  if (!rule) throw new Conflict('reviews.errors.unknown_action');
  if (!rule.roles.includes(role)) throw new Forbidden('reviews.errors.role_cannot');
  if (!rule.from.includes(status)) {
    throw new Conflict('reviews.errors.transition_not_allowed', { params: { action, status } });
  }
  if (rule.messageRequired && !(message ?? '').trim()) {
    throw new Invalid([{ field: 'message', message: action === 'reopen' ? 'reviews.errors.reason_required' : 'reviews.errors.message_required' }]);
  }
  return rule.toFrom?.[status] ?? rule.to;
}

/** The actions `role` can take now, for buttons: never offer what the server would refuse. */
export function availableActions(status: SubmissionStatus, role: Role): TransitionAction[] {
  return TRANSITION_ACTIONS.filter((a) => TRANSITIONS[a].roles.includes(role) && TRANSITIONS[a].from.includes(status));
}
