import { useCallback, useEffect, useState } from 'preact/hooks';
import { ok, type Outcome, type Problem, ApiRefusal } from './errors';

export const PAGE_SIZE = 10;

interface Page<T> {
  items: T[];
  next_token: string | null;
}

/**
 * A paginated list: one page at a time (`limit`, `next_token`), with the
 * tokens of the pages before kept to go back. `reload()` re-reads the page
 * shown after a change.
 */
export function usePaged<T>(load: (query: { limit: string; next_token?: string }) => Promise<Outcome<Page<T>>>, deps: unknown[] = []) {
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<Page<T> | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const current = tokens.at(-1);
  const reload = useCallback(async () => {
    try {
      setPage(await ok(load({ limit: String(PAGE_SIZE), ...(current ? { next_token: current } : {}) })));
      setProblem(null);
    } catch (error) {
      setProblem(error instanceof ApiRefusal ? error.problem : { message: 'The list could not be loaded.', fields: {} });
    }
  }, [current, ...deps]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return {
    items: page?.items ?? null,
    problem,
    reload,
    hasNext: Boolean(page?.next_token),
    hasPrevious: tokens.length > 1,
    next: () => page?.next_token && setTokens([...tokens, page.next_token]),
    previous: () => setTokens(tokens.slice(0, -1)),
    pageNumber: tokens.length,
  };
}

export function Pager({ list, label }: { list: ReturnType<typeof usePaged<unknown>>; label: string }) {
  if (!list.hasNext && !list.hasPrevious) return null;
  return (
    <nav class="pager" aria-label={`${label} pages`}>
      <button type="button" onClick={list.previous} disabled={!list.hasPrevious}>Previous page</button>
      <span>Page {list.pageNumber}</span>
      <button type="button" onClick={list.next} disabled={!list.hasNext}>Next page</button>
    </nav>
  );
}
