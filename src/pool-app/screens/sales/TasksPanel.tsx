import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  TASK_TITLE_MAX,
  type FollowUpTask,
  type TaskListResponse,
  type TaskResponse,
} from '../../../shared/api';
import { api } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { Unloaded } from '../common/states';
import { formatTime } from '../customer/format';
import { fromLocalInput, toLocalInput } from './local-time';
import './sales.css';

const DAY_MS = 86_400_000;

/** One task: done or not, its due time, and a new date for it. */
function TaskItem({
  task,
  onSaved,
  onFailed,
}: {
  task: FollowUpTask;
  onSaved: () => void;
  onFailed: (message: string) => void;
}) {
  const { t, i18n } = useTranslation('sales');
  const [due, setDue] = useState(toLocalInput(task.dueAt));
  const [busy, setBusy] = useState(false);
  const title = task.nextStep ? t(`tasks.steps.${task.nextStep}`) : task.title;
  const save = async (body: { done?: boolean; dueAt?: number }) => {
    setBusy(true);
    try {
      await api.send<TaskResponse>('PATCH', `/tasks/${task.id}`, body);
      onSaved();
    } catch (error) {
      onFailed(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  const overdue = task.doneAt === null && task.dueAt < Date.now();
  const dueAt = fromLocalInput(due);
  const inputId = `task-due-${task.id}`;
  return (
    <li className={task.doneAt === null ? 'sales-task' : 'sales-task sales-task-done'}>
      <label className="sales-task-check">
        <input
          type="checkbox"
          checked={task.doneAt !== null}
          disabled={busy}
          aria-label={t('tasks.markDone', { title })}
          onChange={(event) => void save({ done: event.target.checked })}
        />
        <span>
          {task.nextStep ? t('tasks.nextStep', { step: title }) : title}
          {overdue && <strong className="sales-due-overdue"> · {t('tasks.overdue')}</strong>}
        </span>
      </label>
      <span className="hint">
        {task.doneAt === null
          ? t('tasks.due', { at: formatTime(task.dueAt, i18n.language) })
          : t('tasks.doneAt', { at: formatTime(task.doneAt, i18n.language) })}
      </span>
      {task.doneAt === null && (
        <div className="sales-task-redate">
          <div className="field">
            <label htmlFor={inputId}>{t('tasks.redate', { title })}</label>
            <input
              id={inputId}
              type="datetime-local"
              value={due}
              onChange={(event) => setDue(event.target.value)}
            />
          </div>
          <button
            type="button"
            disabled={busy || dueAt === null || dueAt === task.dueAt}
            onClick={() => dueAt !== null && void save({ dueAt })}
          >
            {t('tasks.redateSave')}
          </button>
        </div>
      )}
    </li>
  );
}

/**
 * The lead's follow-up tasks in the 360: the booth's next step and those people added, open ones
 * first; the owner's side completes, re-dates and adds them (the pool checks who may).
 */
export function TasksPanel({ customerId, owned }: { customerId: string; owned: boolean }) {
  const { t } = useTranslation('sales');
  const [version, setVersion] = useState(0);
  const tasks = useResource(
    () => api.get<TaskListResponse>(`/customers/${encodeURIComponent(customerId)}/tasks`),
    `${customerId}:${version}`,
  );
  const [title, setTitle] = useState('');
  const [due, setDue] = useState(() => toLocalInput(Date.now() + DAY_MS));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const reload = () => {
    setFailure(null);
    setVersion((n) => n + 1);
  };
  const failed = (message: string) => setFailure(t('tasks.failed', { message }));

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const dueAt = fromLocalInput(due);
    if (title.trim() === '' || dueAt === null) return;
    setBusy(true);
    try {
      await api.send<TaskResponse>('POST', `/customers/${customerId}/tasks`, {
        title: title.trim(),
        dueAt,
      });
      setTitle('');
      reload();
    } catch (error) {
      failed(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel c360-panel" aria-labelledby="sales-tasks-title">
      <h2 id="sales-tasks-title">{t('tasks.title')}</h2>
      <Unloaded resource={tasks} />
      {tasks.data && tasks.data.tasks.length === 0 && <p className="hint">{t('tasks.empty')}</p>}
      {tasks.data && tasks.data.tasks.length > 0 && (
        <ul className="sales-tasks">
          {tasks.data.tasks.map((task) => (
            <TaskItem
              key={`${task.id}:${task.dueAt}`}
              task={task}
              onSaved={reload}
              onFailed={failed}
            />
          ))}
        </ul>
      )}
      {owned ? (
        <form className="sales-task-add" onSubmit={(event) => void add(event)}>
          <div className="field">
            <label htmlFor="sales-task-title">{t('tasks.newTitle')}</label>
            <input
              id="sales-task-title"
              value={title}
              maxLength={TASK_TITLE_MAX}
              onChange={(event) => setTitle(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="sales-task-due">{t('tasks.newDue')}</label>
            <input
              id="sales-task-due"
              type="datetime-local"
              value={due}
              onChange={(event) => setDue(event.target.value)}
            />
          </div>
          <button type="submit" disabled={busy || title.trim() === ''}>
            {t('tasks.add')}
          </button>
        </form>
      ) : (
        <p className="hint">{t('tasks.noOwner')}</p>
      )}
      {failure && (
        <p className="field-error" role="alert">
          {failure}
        </p>
      )}
    </section>
  );
}
