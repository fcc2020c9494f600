import type { ComponentChildren, InputHTMLAttributes, SelectHTMLAttributes } from 'preact';
import { useId } from 'preact/hooks';
import type { Problem } from './errors';
import { onLinkClick } from '../router';

type InputProps = InputHTMLAttributes & { label: string; name: string; problem?: Problem | null; hint?: string };

/** A labelled input with its own error line (the API's message for this field), tied by aria-describedby. */
export function Field({ label, name, problem, hint, ...input }: InputProps) {
  const id = useId();
  const error = problem?.fields[name];
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={described} {...input} />
      {hint && <small id={`${id}-hint`}>{hint}</small>}
      {error && <span id={`${id}-error`} class="error">{error}</span>}
    </div>
  );
}

type SelectProps = SelectHTMLAttributes & {
  label: string;
  name: string;
  options: readonly string[];
  hideLabel?: boolean;
  /** The words shown for an option whose value is a code (`aws_s3` → "AWS S3"); the value itself otherwise. */
  optionLabels?: Readonly<Record<string, string>>;
};

export function Select({ label, name, options, hideLabel, optionLabels, ...select }: SelectProps) {
  const id = useId();
  return (
    <div class={hideLabel ? 'field inline' : 'field'}>
      <label for={id} class={hideLabel ? 'visually-hidden' : undefined}>{label}</label>
      <select id={id} name={name} {...select}>
        {options.map((o) => <option key={o} value={o}>{optionLabels?.[o] ?? o}</option>)}
      </select>
    </div>
  );
}

/** The API's refusal of a whole action, announced to screen readers. */
export function ProblemText({ problem }: { problem: Problem | null }) {
  if (!problem) return null;
  return <p role="alert" class="error">{problem.message}</p>;
}

export function Notice({ children }: { children: ComponentChildren }) {
  return <p role="status" class="notice">{children}</p>;
}

export function Link({ href, children }: { href: string; children: ComponentChildren }) {
  return <a href={href} onClick={onLinkClick}>{children}</a>;
}

/** The form values as strings, by field name (empty fields left out). */
export function formValues(event: Event): Record<string, string> {
  event.preventDefault();
  const values: Record<string, string> = {};
  for (const [k, v] of new FormData(event.currentTarget as HTMLFormElement)) if (typeof v === 'string' && v !== '') values[k] = v;
  return values;
}

/** The page's heading; focusable from script so a new page announces itself. */
export function Title({ children }: { children: ComponentChildren }) {
  return <h1 tabIndex={-1}>{children}</h1>;
}
