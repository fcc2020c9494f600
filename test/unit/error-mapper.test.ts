import { createError } from '@middy/util';
import { describe, it, expect, vi, afterEach, beforeEach } from 'vitest';
import * as errors from '../../shared/errors';
import {
  AlreadyMemberError,
  ConcurrentChangeError,
  InvitationGoneError,
  InvitationNotPendingError,
  TeamClosedError,
  UserInAnotherTeamError,
  AdminManagedBySupportError,
  CallbackUrlNotAllowedError,
  ConflictError,
  DomainError,
  EmailNotVerifiedError,
  EmailTakenError,
  ForbiddenError,
  GoneError,
  NoTeamError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnavailableError,
  UnauthenticatedError,
  UnsupportedMediaTypeError,
  ValidationError,
  KeyLimitReachedError,
  TaskNotPendingError,
  DuplicateUniqueIdError,
  UnknownTaskTypeError,
  ProjectExistsError,
  NoCallbackDeliveryError,
  RawCardNumberRefusedError,
  IntegrationLimitReachedError,
  NotAcceptableError,
  RedeliveryPendingError,
} from '../../shared/errors';
import { mapError } from '../../shared/http/error-mapper';
import { logger } from '../../shared/powertools';

// Keep the output to test results; tests that assert on logging spy themselves.
beforeEach(() => {
  vi.spyOn(logger, 'error').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

/** [class name, an instance, contract status, contract code] */
const DOMAIN_CASES: [string, DomainError, number, string][] = [
  ['ValidationError', new ValidationError(), 400, 'validation_failed'],
  ['CallbackUrlNotAllowedError', new CallbackUrlNotAllowedError('loopback addresses are not allowed'), 400, 'callback_url_not_allowed'],
  ['UnauthenticatedError', new UnauthenticatedError(), 401, 'unauthenticated'],
  ['ForbiddenError', new ForbiddenError(), 403, 'forbidden'],
  ['NoTeamError', new NoTeamError(), 403, 'no_team'],
  ['AdminManagedBySupportError', new AdminManagedBySupportError(), 403, 'admin_managed_by_support'],
  ['NotFoundError', new NotFoundError('task'), 404, 'not_found'],
  ['ConflictError', new ConflictError('project_exists', 'A project with this name exists.'), 409, 'project_exists'],
  ['EmailTakenError', new EmailTakenError(), 409, 'email_taken'],
  ['GoneError', new GoneError(), 410, 'gone'],
  ['NotAcceptableError', new NotAcceptableError(['text/html', 'application/pdf']), 406, 'not_acceptable'],
  ['PayloadTooLargeError', new PayloadTooLargeError(1024 * 1024), 413, 'payload_too_large'],
  ['UnsupportedMediaTypeError', new UnsupportedMediaTypeError(), 415, 'unsupported_media_type'],
  ['RateLimitedError', new RateLimitedError(7), 429, 'rate_limited'],
  ['UnavailableError', new UnavailableError(), 503, 'unavailable'],
  ['AlreadyMemberError', new AlreadyMemberError(), 409, 'already_member'],
  ['InvitationNotPendingError', new InvitationNotPendingError('accepted'), 409, 'invitation_not_pending'],
  ['InvitationGoneError', new InvitationGoneError(), 410, 'gone'],
  ['ConcurrentChangeError', new ConcurrentChangeError(), 409, 'conflict'],
  ['UserInAnotherTeamError', new UserInAnotherTeamError(), 409, 'user_in_another_team'],
  ['TeamClosedError', new TeamClosedError(), 409, 'team_closed'],
  ['EmailNotVerifiedError', new EmailNotVerifiedError(), 409, 'email_not_verified'],
  ['KeyLimitReachedError', new KeyLimitReachedError('test', 20), 409, 'key_limit_reached'],
  // ---- tasks and projects (issue 10a)
  ['TaskNotPendingError', new TaskNotPendingError('completed'), 409, 'task_not_pending'],
  ['DuplicateUniqueIdError', new DuplicateUniqueIdError('task_1'), 409, 'duplicate_unique_id'],
  ['UnknownTaskTypeError', new UnknownTaskTypeError('astrology', ['categorization']), 400, 'unknown_task_type'],
  ['ProjectExistsError', new ProjectExistsError(), 409, 'project_exists'],
  ['NoCallbackDeliveryError', new NoCallbackDeliveryError(), 409, 'no_callback_delivery'],
  ['RedeliveryPendingError', new RedeliveryPendingError(), 409, 'redelivery_pending'],
  // ---- billing (issue 11)
  ['RawCardNumberRefusedError', new RawCardNumberRefusedError(), 400, 'raw_card_number_refused'],
  ['IntegrationLimitReachedError', new IntegrationLimitReachedError(50), 409, 'integration_limit_reached'],
];

describe('mapError: domain errors keep their contract status and code', () => {
  it('walks every DomainError subclass exported by shared/errors.ts', () => {
    const exported = Object.entries(errors)
      .filter(([, value]) => typeof value === 'function' && value.prototype instanceof DomainError)
      .map(([name]) => name)
      .sort();
    expect(exported).toEqual(DOMAIN_CASES.map(([name]) => name).sort());
  });

  it.each(DOMAIN_CASES)('%s → %i %s', (name, error, status, code) => {
    expect(error.name).toBe(name);
    const mapped = mapError(error);
    expect(mapped.status).toBe(status);
    expect(mapped.code).toBe(code);
    expect(mapped.message).toBe(error.message);
    expect(mapped.message.length).toBeGreaterThan(0);
    expect(mapped.code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  it('rate_limited carries Retry-After in seconds', () => {
    expect(mapError(new RateLimitedError(7)).headers).toEqual({ 'retry-after': '7' });
    expect(mapError(new RateLimitedError(1)).headers).toEqual({ 'retry-after': '1' });
  });

  it('only rate_limited and unavailable add headers', () => {
    for (const [name, error] of DOMAIN_CASES) {
      if (name !== 'RateLimitedError' && name !== 'UnavailableError') expect(mapError(error).headers, name).toBeUndefined();
    }
    expect(mapError(new UnavailableError(2)).headers).toEqual({ 'retry-after': '2' });
  });

  it('keeps the details of a validation error and of a conflict', () => {
    const details = [{ location: 'body', path: 'email', message: 'must be an email address' }];
    expect(mapError(new ValidationError('Invalid body', details))).toEqual({
      status: 400,
      code: 'validation_failed',
      message: 'Invalid body',
      details,
      headers: undefined,
    });
    const dup = new ConflictError('duplicate_unique_id', 'A task with this unique_id exists.', [{ task_id: 'task_1' }]);
    expect(mapError(dup).details).toEqual([{ task_id: 'task_1' }]);
  });

  it('logs no 4xx domain error as an error, and every 5xx one', () => {
    const spy = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    for (const [, error, status] of DOMAIN_CASES) if (status < 500) mapError(error);
    expect(spy).not.toHaveBeenCalled();
    mapError(new UnavailableError());
    expect(spy).toHaveBeenCalledTimes(1);
  });
});

describe('mapError: middy body-parser errors', () => {
  it('415 Unsupported Media Type → 415 unsupported_media_type', () => {
    const mapped = mapError(createError(415, 'Unsupported Media Type', { cause: { package: '@middy/http-json-body-parser', data: 'text/plain' } }));
    expect(mapped.status).toBe(415);
    expect(mapped.code).toBe('unsupported_media_type');
  });

  it('415 with malformed JSON → 400 validation_failed', () => {
    const mapped = mapError(
      createError(415, 'Invalid or malformed JSON was provided', {
        cause: { package: '@middy/http-json-body-parser', data: '{"password":"hunter2', message: 'Unexpected end of JSON input' },
      }),
    );
    expect(mapped.status).toBe(400);
    expect(mapped.code).toBe('validation_failed');
    // The offending body is never echoed back.
    expect(JSON.stringify(mapped)).not.toContain('hunter2');
  });
});

describe('mapError: a throttled or failing AWS dependency is 503 unavailable, never a bare 500', () => {
  const sdkError = (name: string, status: number) =>
    Object.assign(new Error(`secret internals: ${name}`), { name, $metadata: { httpStatusCode: status } });

  it.each<[string, number]>([
    ['ProvisionedThroughputExceededException', 400],
    ['ThrottlingException', 400],
    ['RequestLimitExceeded', 400],
    ['TooManyRequestsException', 429],
    ['InternalServerError', 500],
    ['ServiceUnavailable', 503],
  ])('%s → 503 unavailable with Retry-After, logged as an error', (name, status) => {
    const spy = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const mapped = mapError(sdkError(name, status));
    expect(mapped).toMatchObject({ status: 503, code: 'unavailable', headers: { 'retry-after': '1' } });
    expect(JSON.stringify(mapped)).not.toContain('secret internals');
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('an error merely named like throttling, not from the SDK, stays a 500', () => {
    vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    expect(mapError(Object.assign(new Error('x'), { name: 'ThrottlingException' })).status).toBe(500);
  });
});

describe('mapError: anything else is a generic 500', () => {
  it.each<[string, unknown]>([
    ['Error', new Error('secret internals: password=hunter2 at db.ts:42')],
    ['TypeError', new TypeError("Cannot read properties of undefined (reading 'secret internals')")],
    ['string', 'secret internals'],
    ['plain object', { message: 'secret internals' }],
    ['undefined', undefined],
    ['null', null],
    ['AWS SDK-like error', Object.assign(new Error('secret internals: AccessDenied on arn:aws:dynamodb'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } })],
  ])('%s → 500 internal_error without leaking the original message', (_label, error) => {
    const spy = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const mapped = mapError(error);
    expect(mapped.status).toBe(500);
    expect(mapped.code).toBe('internal_error');
    expect(mapped.message.length).toBeGreaterThan(0);
    expect(mapped.details).toBeUndefined();
    const serialized = JSON.stringify(mapped);
    expect(serialized).not.toContain('secret internals');
    expect(serialized).not.toContain('hunter2');
    expect(serialized).not.toContain('arn:aws');
    // ...but it is logged for us.
    expect(spy).toHaveBeenCalledTimes(1);
  });
});
