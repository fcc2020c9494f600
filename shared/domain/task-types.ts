/**
 * The task-type catalog: what a team may ask the labeling team for, at what
 * price, and what a test task's made-up answer looks like. Pure data, so the
 * API, billing and the test-task completer read one list.
 */
export interface Money {
  /** Integer cents: money is never a float. */
  amount: number;
  currency: 'USD';
}

interface TaskTypeEntry {
  /** What one completed task of this type costs. */
  price: Money;
  summary: string;
  /** The `response` a test task of this type completes with: shaped like a real one. */
  placeholder: () => Record<string, unknown>;
}

const usd = (cents: number): Money => ({ amount: cents, currency: 'USD' });

const CATALOG = {
  categorization: {
    price: usd(6),
    summary: 'Pick the categories that apply to an item',
    placeholder: () => ({ category: 'placeholder_category', taxonomies: {} }),
  },
  image_annotation: {
    price: usd(25),
    summary: 'Draw labelled shapes on an image',
    placeholder: () => ({ annotations: [{ type: 'box', label: 'placeholder', left: 0, top: 0, width: 1, height: 1 }] }),
  },
  transcription: {
    price: usd(15),
    summary: 'Transcribe an audio or image document to text',
    placeholder: () => ({ transcription: 'This is a placeholder transcription of a test task.' }),
  },
  text_collection: {
    price: usd(10),
    summary: 'Write or collect text answering the instruction',
    placeholder: () => ({ fields: { text: 'This is a placeholder answer of a test task.' } }),
  },
} as const satisfies Record<string, TaskTypeEntry>;

export type TaskType = keyof typeof CATALOG;
export const TASK_TYPES = Object.keys(CATALOG) as TaskType[];

export function isTaskType(value: string): value is TaskType {
  return Object.prototype.hasOwnProperty.call(CATALOG, value);
}

export function priceOf(type: TaskType): Money {
  return { ...CATALOG[type].price };
}

export function taskTypeSummary(type: TaskType): string {
  return CATALOG[type].summary;
}

/** A fresh placeholder `response` for a test task of this type (a new object each call). */
export function placeholderResponse(type: TaskType): Record<string, unknown> {
  return CATALOG[type].placeholder();
}
