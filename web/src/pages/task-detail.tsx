import { useEffect, useState } from 'preact/hooks';
import type { Schemas } from '../../../client';
import { useAction } from '../ui/action';
import { ok } from '../ui/errors';
import { Link, Notice, ProblemText, Title } from '../ui/controls';
import { pretty, when } from '../ui/format';
import { Pager, usePaged } from '../ui/pager';
import { allowed, api, currentUser } from '../session';

/** One task: its fields, its response, and every attempt of its callback; Redeliver for the roles the API lets redeliver. */
export function TaskDetail({ id }: { id: string }) {
  const [task, setTask] = useState<Schemas['Task'] | null>(null);
  const load = useAction();
  const path = { params: { path: { id } } };
  useEffect(() => {
    void load.run(async () => setTask(await ok(api.GET('/v1/tasks/{id}', path))));
  }, [id]);
  const attempts = usePaged((query) => api.GET('/v1/tasks/{id}/callbacks', { ...path, params: { ...path.params, query } }), [id]);
  return (
    <>
      <Title>Task {task?.unique_id ?? id}</Title>
      <p><Link href="/tasks">All tasks</Link></p>
      <ProblemText problem={load.problem} />
      {task && <TaskFields task={task} />}
      <section aria-labelledby="callback-attempts">
        <h2 id="callback-attempts">Callback attempts</h2>
        {allowed(currentUser(), 'tasks.redeliver_callbacks') && <RedeliverButton id={id} onQueued={attempts.reload} />}
        <button type="button" onClick={() => void attempts.reload()}>Refresh attempts</button>
        <ProblemText problem={attempts.problem} />
        {attempts.items?.length === 0 && <p>No callback was sent for this task yet.</p>}
        {attempts.items && attempts.items.length > 0 && (
          <table>
            <thead>
              <tr><th scope="col">Attempt</th><th scope="col">When</th><th scope="col">URL</th><th scope="col">Answer</th><th scope="col">Duration</th><th scope="col">Delivery</th></tr>
            </thead>
            <tbody>
              {attempts.items.map((a) => (
                <tr key={a.id}>
                  <td>{a.attempt}</td>
                  <td>{when(a.at)}</td>
                  <td><code>{a.url}</code></td>
                  <td>{a.status_code !== null ? `HTTP ${a.status_code}` : 'no answer'}{a.error && `: ${a.error}`}</td>
                  <td>{Math.round(a.duration_ms)} ms</td>
                  <td><code>{a.delivery_id}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager list={attempts} label="Callback attempts" />
      </section>
    </>
  );
}

function TaskFields({ task }: { task: Schemas['Task'] }) {
  const rows: Array<[string, string]> = [
    ['ID', task.id],
    ['Type', task.type],
    ['Project', task.project ?? '—'],
    ['Status', task.status],
    ['Environment', task.environment],
    ['Unique ID', task.unique_id ?? '—'],
    ['Callback URL', task.callback_url ?? 'the team default'],
    ['Callback', task.callback_status],
    ['Created', when(task.created_at)],
    ['Updated', when(task.updated_at)],
    ['Completed', when(task.completed_at, 'not yet')],
  ];
  return (
    <section aria-labelledby="task-fields">
      <h2 id="task-fields">Details</h2>
      <dl class="fields">
        {rows.map(([term, value]) => (
          <div key={term}><dt>{term}</dt><dd>{value}</dd></div>
        ))}
      </dl>
      {task.instruction && (
        <>
          <h3>Instruction</h3>
          <p class="prose">{task.instruction}</p>
        </>
      )}
      <h3>Params</h3>
      <pre tabIndex={0}>{pretty(task.params)}</pre>
      {Object.keys(task.metadata).length > 0 && (
        <>
          <h3>Metadata</h3>
          <pre tabIndex={0}>{pretty(task.metadata)}</pre>
        </>
      )}
      <h3>Response</h3>
      {task.response ? <pre tabIndex={0}>{pretty(task.response)}</pre> : <p>No response yet: the task is {task.status}.</p>}
    </section>
  );
}

function RedeliverButton({ id, onQueued }: { id: string; onQueued: () => Promise<void> }) {
  const action = useAction();
  const [queued, setQueued] = useState<Schemas['Redelivery'] | null>(null);
  const redeliver = () =>
    void action.run(async () => {
      setQueued(null);
      setQueued(await ok(api.POST('/v1/tasks/{id}/callbacks/redeliver', { params: { path: { id } } })));
      await onQueued();
    });
  return (
    <span class="action">
      <button type="button" onClick={redeliver} disabled={action.busy}>Redeliver callback</button>
      {queued && <Notice>Redelivery queued: the callback is sent again with the same webhook-id ({queued.delivery_id}).</Notice>}
      <ProblemText problem={action.problem} />
    </span>
  );
}
