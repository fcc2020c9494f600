import { useLocation } from '../router';
import { TaskDetail } from './task-detail';
import { TaskList } from './task-list';

/**
 * Tasks: the list, filtered by the query (`/tasks?status=completed`), or
 * one task's detail (`/tasks?id=…`) — query parameters, like the emails'
 * links, so Back returns to the filtered list.
 */
export function TasksPage() {
  const url = useLocation();
  const id = url.searchParams.get('id');
  return id ? <TaskDetail id={id} /> : <TaskList query={url.searchParams} />;
}
