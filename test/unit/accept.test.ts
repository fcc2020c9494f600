import { describe, expect, it } from 'vitest';
import { negotiateMediaType, preferredMediaType } from '../../shared/http/accept';
import { NotAcceptableError } from '../../shared/errors';

const OFFERED = ['text/html', 'application/pdf'] as const;

describe('content negotiation (Accept)', () => {
  it('gives the first offer to a caller with no preference', () => {
    for (const accept of [undefined, '', '  ', '*/*', 'text/*, application/*']) expect(preferredMediaType(accept, OFFERED)).toBe('text/html');
  });

  it('honours an explicit type, case and blanks aside', () => {
    expect(preferredMediaType('application/pdf', OFFERED)).toBe('application/pdf');
    expect(preferredMediaType('Application/PDF ; q=1', OFFERED)).toBe('application/pdf');
    expect(preferredMediaType('application/*', OFFERED)).toBe('application/pdf');
    expect(preferredMediaType('text/html', OFFERED)).toBe('text/html');
  });

  it('takes the highest q, and the q of the most specific range', () => {
    expect(preferredMediaType('text/html;q=0.5, application/pdf', OFFERED)).toBe('application/pdf');
    expect(preferredMediaType('application/pdf;q=0.2, */*;q=0.9', OFFERED)).toBe('text/html');
    // A browser's header: HTML named, everything else at 0.8.
    expect(preferredMediaType('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', OFFERED)).toBe('text/html');
  });

  it('excludes with q=0, even under a wildcard that allows', () => {
    expect(preferredMediaType('*/*, text/html;q=0', OFFERED)).toBe('application/pdf');
    expect(preferredMediaType('text/html;q=0, application/pdf;q=0', OFFERED)).toBeNull();
  });

  it('allows nothing for types it does not offer, and ignores malformed ranges', () => {
    expect(preferredMediaType('application/json', OFFERED)).toBeNull();
    expect(preferredMediaType('image/png, text/plain', OFFERED)).toBeNull();
    expect(preferredMediaType('garbage, */html, text/html;q=banana', OFFERED)).toBeNull();
    expect(preferredMediaType('garbage, application/pdf', OFFERED)).toBe('application/pdf');
  });

  it('refuses with the contract’s 406 not_acceptable, naming what is offered', () => {
    expect(negotiateMediaType('application/pdf', OFFERED)).toBe('application/pdf');
    const refusal = (() => {
      try {
        negotiateMediaType('application/json', OFFERED);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(NotAcceptableError);
    expect(refusal).toMatchObject({ status: 406, code: 'not_acceptable', details: [{ available: ['text/html', 'application/pdf'] }] });
  });
});
