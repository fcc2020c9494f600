import { useState } from 'preact/hooks';

/** A secret shown in full with a Copy button (clipboard), and a status line saying it was copied. */
export function SecretValue({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(value).then(
      () => setCopied('Copied.'),
      () => setCopied('Copy failed: select the value and copy it by hand.'),
    );
  return (
    <span class="secret">
      <code aria-label={label}>{value}</code>
      <button type="button" onClick={() => void copy()} aria-label={`Copy ${label}`}>Copy</button>
      <span role="status">{copied}</span>
    </span>
  );
}
