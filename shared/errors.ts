/**
 * Named domain errors. Each carries the HTTP status and the contract's error
 * code; `shared/http/error-mapper.ts` turns any of them into the error body in
 * one place. Anything that is not a DomainError becomes a generic 500.
 */
export type ErrorDetail = Record<string, unknown>;

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(message = 'The request is not valid.', details?: ErrorDetail[]) {
    super(400, 'validation_failed', message, details);
  }
}

export class CallbackUrlNotAllowedError extends DomainError {
  constructor(reason: string) {
    super(400, 'callback_url_not_allowed', `This callback URL is not allowed: ${reason}`);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Missing or invalid credentials.') {
    super(401, 'unauthenticated', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You do not have permission to do this.') {
    super(403, 'forbidden', message);
  }
}

export class NoTeamError extends DomainError {
  constructor() {
    super(403, 'no_team', 'You do not belong to a team yet: accept an invitation first.');
  }
}

export class AdminManagedBySupportError extends DomainError {
  constructor() {
    super(403, 'admin_managed_by_support', 'The admin role can only be changed by Refonte support.');
  }
}

export class NotFoundError extends DomainError {
  constructor(what = 'resource') {
    super(404, 'not_found', `No such ${what}.`);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, details?: ErrorDetail[]) {
    super(409, code, message, details);
  }
}

export class EmailTakenError extends ConflictError {
  constructor() {
    super('email_taken', 'An account with this email address already exists.');
  }
}

export class GoneError extends DomainError {
  constructor(message = 'This link has already been used or has expired.') {
    super(410, 'gone', message);
  }
}

/** The resource exists, but in none of the media types the request's Accept allows. */
export class NotAcceptableError extends DomainError {
  constructor(offered: readonly string[]) {
    super(406, 'not_acceptable', `This resource is available as ${offered.join(' or ')}: send an Accept header that allows one of them.`, [
      { available: [...offered] },
    ]);
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor(limitBytes: number) {
    super(413, 'payload_too_large', `The request body is larger than ${limitBytes} bytes.`);
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  constructor() {
    super(415, 'unsupported_media_type', 'Send the request body as application/json.');
  }
}

export class RateLimitedError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(429, 'rate_limited', 'Too many requests: slow down and retry later.', undefined, {
      'retry-after': String(retryAfterSeconds),
    });
  }
}

export class AlreadyMemberError extends ConflictError {
  constructor() {
    super('already_member', 'An account with this email address is already a member of this team.');
  }
}

/** Resending or revoking needs a pending invitation; `invitationStatus` says what it is instead. */
export class InvitationNotPendingError extends ConflictError {
  constructor(readonly invitationStatus: 'accepted' | 'revoked') {
    super('invitation_not_pending', `This invitation is ${invitationStatus}, no longer pending.`);
  }
}

/** One message for every dead invitation token, so a link reveals nothing about why it died. */
export class InvitationGoneError extends GoneError {
  constructor() {
    super('This invitation has been used, revoked or replaced, or has expired: ask for a new one.');
  }
}

/**
 * A write lost to a concurrent change of the same items. Use cases re-decide
 * from the new state and retry; only a caller that keeps losing sees it.
 */
export class ConcurrentChangeError extends ConflictError {
  constructor() {
    super('conflict', 'This was changed by another request at the same time: retry.');
  }
}

export class UserInAnotherTeamError extends ConflictError {
  constructor(
    message = 'This account already belongs to a team. Accept with a +tag address (for example you+team@example.com) to get a separate account, or contact Refonte support to move it.',
  ) {
    super('user_in_another_team', message);
  }
}

/** A closed team keeps its record and log, but nothing joins it or changes in it any more. */
export class TeamClosedError extends ConflictError {
  constructor() {
    super('team_closed', 'This team is closed.');
  }
}

/** A dependency (the database, the identity provider) is throttling or down; nothing was written. */
export class UnavailableError extends DomainError {
  constructor(retryAfterSeconds = 1) {
    super(503, 'unavailable', 'The service is briefly unavailable: retry shortly.', undefined, {
      'retry-after': String(retryAfterSeconds),
    });
  }
}

/** Support attach needs an account whose owner proved the address: an unverified one may be a squatter's. */
export class EmailNotVerifiedError extends ConflictError {
  constructor() {
    super('email_not_verified', 'This account never verified its email address, so it cannot be attached: its owner must verify it first.');
  }
}

/** A team holds at most 20 API keys per environment. */
export class KeyLimitReachedError extends ConflictError {
  constructor(environment: string, limit: number) {
    super('key_limit_reached', `This team already has ${limit} ${environment} API keys: delete one first.`);
  }
}

// ---- tasks and projects (issue 10a)

/** Amending, cancelling or completing needs a pending task. */
export class TaskNotPendingError extends ConflictError {
  constructor(readonly taskStatus: string) {
    super('task_not_pending', `This task is ${taskStatus}, no longer pending.`, [{ status: taskStatus }]);
  }
}

/** A team's `unique_id` names one task; the existing task's id is in `details`. */
export class DuplicateUniqueIdError extends ConflictError {
  constructor(readonly existingTaskId: string) {
    super('duplicate_unique_id', 'A task with this unique_id already exists in this team.', [{ task_id: existingTaskId }]);
  }
}

export class UnknownTaskTypeError extends DomainError {
  constructor(type: string, known: readonly string[]) {
    super(400, 'unknown_task_type', `There is no task type "${type.slice(0, 64)}".`, [{ path: 'type', known_types: [...known] }]);
  }
}

export class ProjectExistsError extends ConflictError {
  constructor() {
    super('project_exists', 'This team already has a project with this name.');
  }
}

/** Redeliver needs a delivery to repeat: a task whose completion had no callback URL has none. */
export class NoCallbackDeliveryError extends ConflictError {
  constructor(message = 'This task has no callback delivery to repeat: it is not completed, or had no callback URL.') {
    super('no_callback_delivery', message);
  }
}

/**
 * A redelivery of this delivery is already on its way (not yet attempted):
 * the redeliver use case answers 202 for it without sending another. Never
 * reaches a caller; a 409, should it ever, rather than a 5xx.
 */
export class RedeliveryPendingError extends ConflictError {
  constructor() {
    super('redelivery_pending', 'A redelivery of this callback is already pending.');
  }
}

// ---- billing (issue 11)

/** A full card number in a request: we only ever take the payment processor's token. */
export class RawCardNumberRefusedError extends DomainError {
  constructor() {
    super(400, 'raw_card_number_refused', "Never send a card number: send the payment processor's token for it.");
  }
}

/** A team connects at most this many storage integrations. */
export class IntegrationLimitReachedError extends ConflictError {
  constructor(limit: number) {
    super('integration_limit_reached', `This team already has ${limit} storage integrations: delete one first.`);
  }
}
