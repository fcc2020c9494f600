import { describe, expect, it } from 'vitest';
import { addMonths, isClosable, isPeriod, periodBounds, periodOf, previousPeriod } from '../../shared/domain/billing-periods';
import {
  addUsage,
  emptyUsage,
  formatMoney,
  isBillable,
  lineItems,
  money,
  uninvoiced,
  usageShard,
  USAGE_SHARDS,
  type Usage,
} from '../../shared/domain/billing';
import { bodyCarriesCardNumber, containsCardNumber, passesLuhn } from '../../shared/domain/card-numbers';
import { priceOf, TASK_TYPES } from '../../shared/domain/task-types';
import { invoiceIdFor, periodOfInvoiceId, type InvoiceRecord } from '../../shared/db/invoices';
import { meteringSteps } from '../../shared/db/billing-usage';
import { invoiceHtml } from '../../shared/billing/invoice-document';

describe('billing periods (UTC months)', () => {
  it('puts an instant in its UTC month, whatever the local offset of the writer', () => {
    expect(periodOf('2026-12-31T23:59:59.999Z')).toBe('2026-12');
    expect(periodOf('2027-01-01T00:00:00.000Z')).toBe('2027-01');
    // 23:30 on Jan 31 in New York is already February in UTC.
    expect(periodOf('2026-01-31T23:30:00-05:00')).toBe('2026-02');
    expect(periodOf('2026-03-01T00:30:00+01:00')).toBe('2026-02');
  });

  it('rolls months over year ends both ways', () => {
    expect(previousPeriod('2027-01')).toBe('2026-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-11', 14)).toBe('2028-01');
    expect(addMonths('2026-01', -13)).toBe('2024-12');
    expect(previousPeriod('2026-03')).toBe('2026-02');
  });

  it('bounds a period as a half-open interval, leap years included', () => {
    expect(periodBounds('2026-12')).toEqual({ start: '2026-12-01T00:00:00.000Z', end: '2027-01-01T00:00:00.000Z' });
    expect(periodBounds('2028-02')).toEqual({ start: '2028-02-01T00:00:00.000Z', end: '2028-03-01T00:00:00.000Z' });
    expect(periodOf(new Date(Date.parse(periodBounds('2026-12').end) - 1))).toBe('2026-12');
  });

  it('closes any period up to the current month, never a future one', () => {
    const now = new Date('2026-12-31T23:59:59.999Z');
    expect(isClosable('2026-12', now)).toBe(true);
    expect(isClosable('2026-11', now)).toBe(true);
    expect(isClosable('2019-01', now)).toBe(true);
    expect(isClosable('2027-01', now)).toBe(false);
    expect(isClosable('2027-01', new Date('2027-01-01T00:00:00.000Z'))).toBe(true);
  });

  it('accepts only YYYY-MM', () => {
    for (const bad of ['2026-13', '2026-00', '2026-1', '26-01', '2026-01-01', ' 2026-01', '2026/01']) expect(isPeriod(bad), bad).toBe(false);
    expect(isPeriod('2026-01')).toBe(true);
  });
});

describe('prices and usage', () => {
  it('prices every catalog type in whole cents, USD', () => {
    expect(TASK_TYPES).toEqual(expect.arrayContaining(['categorization', 'image_annotation', 'transcription', 'text_collection']));
    for (const type of TASK_TYPES) {
      const price = priceOf(type);
      expect(Number.isInteger(price.amount) && price.amount > 0, type).toBe(true);
      expect(price.currency).toBe('USD');
    }
  });

  it('bills live tasks only', () => {
    expect(isBillable({ environment: 'live' })).toBe(true);
    expect(isBillable({ environment: 'test' })).toBe(false);
    expect(isBillable({ environment: 'live', status: 'canceled' })).toBe(false);
  });

  it('gives no metering steps for a test task, three for a live one', () => {
    const base = { teamId: 'team_a', taskId: 'task_1', type: 'transcription', completedAt: '2026-12-01T10:00:00.000Z' };
    expect(meteringSteps({ ...base, environment: 'test' })).toEqual([]);
    const steps = meteringSteps({ ...base, environment: 'live' });
    expect(steps).toHaveLength(3);
    expect(steps[0]!.item.Put?.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(steps[2]!.item.Update?.ExpressionAttributeValues?.[':price']).toBe(priceOf('transcription').amount);
    expect(steps[2]!.item.Update?.Key).toEqual({ PK: `USAGE#team_a#${usageShard('task_1')}`, SK: 'MONTH#2026-12' });
  });

  it('spreads tasks over every shard, each task always on the same one', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 400; i++) seen.add(usageShard(`task_${i}`));
    expect(seen.size).toBe(USAGE_SHARDS);
    expect(usageShard('task_x')).toBe(usageShard('task_x'));
  });

  it('invoices what was recorded minus what was invoiced, per type', () => {
    const recorded: Usage = { tasks: 5, amount: 70, by_type: { transcription: { tasks: 2, amount: 30 }, categorization: { tasks: 3, amount: 40 } } };
    const invoiced: Usage = { tasks: 3, amount: 40, by_type: { categorization: { tasks: 3, amount: 40 } } };
    const due = uninvoiced(recorded, invoiced);
    expect(due).toEqual({ tasks: 2, amount: 30, by_type: { transcription: { tasks: 2, amount: 30 } } });
    expect(lineItems(due)).toEqual([{ task_type: 'transcription', tasks_finished: 2, amount: money(30) }]);
    expect(uninvoiced(recorded, recorded).tasks).toBe(0);
    expect(addUsage(emptyUsage(), recorded)).toEqual(recorded);
  });

  it('formats cents for people', () => {
    expect(formatMoney(0)).toBe('$0.00');
    expect(formatMoney(6)).toBe('$0.06');
    expect(formatMoney(123456789)).toBe('$1,234,567.89');
  });
});

describe('card numbers (Luhn)', () => {
  it('checks Luhn', () => {
    expect(passesLuhn('4242424242424242')).toBe(true);
    expect(passesLuhn('4242424242424241')).toBe(false);
    expect(passesLuhn('378282246310005')).toBe(true); // Amex, 15 digits
    expect(passesLuhn('4222222222222')).toBe(true); // Visa, 13 digits
    expect(passesLuhn('42a2')).toBe(false);
  });

  it('finds a 13–19 digit Luhn run anywhere, contiguous or grouped by single spaces or dashes', () => {
    expect(containsCardNumber('4242424242424242')).toBe(true);
    expect(containsCardNumber('name 4242 4242 4242 4242 end')).toBe(true);
    expect(containsCardNumber('4242-4242-4242-4242')).toBe(true);
    expect(containsCardNumber('{"n":"x4222222222222y"}')).toBe(true);
    expect(containsCardNumber('6011111111111117')).toBe(true);
    expect(containsCardNumber('3530111333300000')).toBe(true);
    expect(containsCardNumber('4000000000000000006')).toBe(true); // 19 digits
  });

  it('finds a card however it is spaced or spelled, and with its expiry or security code beside it', () => {
    for (const text of [
      '4242 4242 4242 4242 12/28',
      'Ada 4242424242424242 123',
      '378282246310005 0128',
      '4242.4242.4242.4242',
      '4242  4242  4242  4242',
      '4242 - 4242 - 4242 - 4242',
      '4242\u00a04242\u00a04242\u00a04242',
      '４２４２４２４２４２４２４２４２', // full-width
      '٤٢٤٢٤٢٤٢٤٢٤٢٤٢٤٢', // Arabic-Indic
      '4242_4242_4242_4242',
      '4242–4242–4242–4242', // en-dashes
      '4242/4242/4242/4242',
    ]) {
      expect(containsCardNumber(text), text).toBe(true);
    }
  });

  it('leaves what is not a card: short, failing Luhn, split by letters or a wide gap', () => {
    expect(containsCardNumber('4242424242421')).toBe(false); // 13 digits, Luhn fails
    expect(containsCardNumber('424242424242')).toBe(false); // 12 digits
    expect(containsCardNumber('4242 4242 4242 4')).toBe(false);
    expect(containsCardNumber('4242 4242 x 4242 4242')).toBe(false);
    expect(containsCardNumber('4242    4242    4242    4242')).toBe(false); // gaps of four
    expect(containsCardNumber('{"exp_month":12,"exp_year":2030,"last_four":"4242"}')).toBe(false);
    expect(containsCardNumber('{"processor_token":"pm_1QxyzAbCdEfGh","brand":"visa","billing_email":"b@example.com"}')).toBe(false);
  });

  it('reads JSON escapes too: a digit spelled \\u0034 is still a digit', () => {
    // Every digit escaped: the raw text holds no run of digits, the parsed value a card.
    const escaped = `{"brand":"${[...'4242424242424242'].map((d) => `\\u003${d}`).join('')}"}`;
    expect(containsCardNumber(escaped)).toBe(false);
    expect(bodyCarriesCardNumber(escaped)).toBe(true);
    expect(bodyCarriesCardNumber('not json 4242424242424242')).toBe(true);
    expect(bodyCarriesCardNumber('{"brand":"visa"}')).toBe(false);
  });
});

describe('invoices', () => {
  const invoice: InvoiceRecord = {
    id: invoiceIdFor('2026-11', '01jcz3k4m5n6p7q8r9s0t1v2w3'),
    team_id: 'team_a',
    period: '2026-11',
    tasks_finished: 3,
    amount: 27,
    line_items: [{ task_type: 'categorization', tasks_finished: 3, amount: money(27) }],
    status: 'issued',
    issued_at: '2026-12-01T00:15:00.000Z',
    email_status: 'not_applicable',
  };

  it('carries its period in its id, and refuses ids that do not', () => {
    expect(periodOfInvoiceId(invoice.id)).toBe('2026-11');
    for (const bad of ['invc_202613abcdefghjkmnpqrstv', 'inv_202611abcdefghjkmnpqrstv', 'invc_202611', 'invc_202611../../x']) expect(periodOfInvoiceId(bad), bad).toBeNull();
  });

  it('renders a document with every value escaped', () => {
    const html = invoiceHtml(invoice, '<script>alert(1)</script> & "Co"');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('$0.27');
    expect(html).toContain('categorization');
  });
});
