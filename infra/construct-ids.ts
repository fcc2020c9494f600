/**
 * Construct ids derived from names that are already stable (operation ids,
 * queue names, route tags). Logical ids follow construct ids, so these must
 * never depend on ordering or on anything that changes between deploys.
 */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
