import type { paths } from '../../../client';
import { Field, formValues, Link, ProblemText, Select, Title } from '../ui/controls';
import { when } from '../ui/format';
import { Pager, usePaged } from '../ui/pager';
import { navigate } from '../router';
import { api } from '../session';

const FILTERS = ['status', 'project', 'environment', 'unique_id'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;
type TaskQuery = NonNullable<paths['/v1/tasks']['get']['parameters']['query']>;
const ANY = 'any';

function filtersOf(query: URLSearchParams): Filters {
  const filters: Filters = {};
  for (const f of FILTERS) {
    const v = query.get(f);
    if (v) filters[f] = v;
  }
  return filters;
}

/** The team's tasks, newest first, filtered as the API filters them (status, project, environment, unique_id). */
export function TaskList({ query }: { query: URLSearchParams }) {
  const filters = filtersOf(query);
  const key = new URLSearchParams(filters).toString();
  return (
    <>
      <Title>Tasks</Title>
      {/* Keyed by the filters: the form's defaults and the list's pages start again when they change. */}
      <FilteredTasks key={key} filters={filters} />
    </>
  );
}

function FilteredTasks({ filters }: { filters: Filters }) {
  // Filters the API refuses (a malformed project name…) come back as the list's problem, shown by their fields.
  const list = usePaged((query) => api.GET('/v1/tasks', { params: { query: { ...query, ...(filters as Omit<TaskQuery, 'limit'>) } } }));
  const filtered = Object.keys(filters).length > 0;
  const onSubmit = (event: Event) => {
    const chosen = Object.entries(formValues(event)).filter(([, v]) => v !== ANY);
    navigate(chosen.length ? `/tasks?${new URLSearchParams(chosen)}` : '/tasks');
  };
  return (
    <>
      <form onSubmit={onSubmit} class="row" aria-label="Filter tasks">
        <Select label="Status" name="status" options={[ANY, 'pending', 'completed', 'canceled']} defaultValue={filters.status ?? ANY} />
        <Field label="Project" name="project" defaultValue={filters.project ?? ''} problem={list.problem} />
        <Select label="Environment" name="environment" options={[ANY, 'live', 'test']} defaultValue={filters.environment ?? ANY} />
        <Field label="Unique ID" name="unique_id" defaultValue={filters.unique_id ?? ''} problem={list.problem} />
        <button type="submit">Apply filters</button>
        {filtered && <button type="button" onClick={() => navigate('/tasks')}>Clear filters</button>}
      </form>
      <section aria-labelledby="task-list">
        <h2 id="task-list">{filtered ? 'Matching tasks' : 'All tasks'}</h2>
        <ProblemText problem={list.problem} />
        {list.items?.length === 0 && <p>{filtered ? 'No tasks match these filters.' : 'No tasks yet.'}</p>}
        {list.items && list.items.length > 0 && (
          <table>
            <thead>
              <tr><th scope="col">Task</th><th scope="col">Type</th><th scope="col">Project</th><th scope="col">Status</th><th scope="col">Environment</th><th scope="col">Callback</th><th scope="col">Created</th></tr>
            </thead>
            <tbody>
              {list.items.map((t) => (
                <tr key={t.id}>
                  <td><Link href={`/tasks?id=${encodeURIComponent(t.id)}`}>{t.unique_id ?? t.id}</Link></td>
                  <td>{t.type}</td>
                  <td>{t.project ?? '—'}</td>
                  <td>{t.status}</td>
                  <td>{t.environment}</td>
                  <td>{t.callback_status}</td>
                  <td>{when(t.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager list={list} label="Tasks" />
      </section>
    </>
  );
}
