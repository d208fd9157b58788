import { renderCalendar, type RenderContext } from '../calendar/render.js';
import { fieldsOf } from '../domain/event.js';
import { checkEventFields, isTimeProblem } from '../domain/event-rules.js';
import type { ReminderPlanner } from '../mail/planner.js';
import type { EventStore } from '../store/events.js';
import type { ReferenceData } from '../domain/reference.js';
import { englishProblem } from '../http-problem.js';

/**
 * Where an event stored by an older release (or edited in the database) goes wrong: it would be
 * refused if entered today (`rules`), the feeds leave it out (`feeds`), or its reminders cannot
 * be planned (`reminders`). One bad row never stops the others, so without this list TSB would
 * only learn of it from the log.
 */
export interface EventProblem {
  event: string;
  title: string;
  part: 'rules' | 'feeds' | 'reminders';
  message: string;
}

export interface EventHealthDeps {
  events: EventStore;
  reference: ReferenceData;
  planner: Pick<ReminderPlanner, 'problem'>;
  context: RenderContext;
}

/** Checks every event now, in one rendering and one pass: nothing is written, nothing counted. */
export function eventProblems(deps: EventHealthDeps): { checked: number; problems: EventProblem[] } {
  const all = deps.events.all({});
  const byId = new Map(all.map((e) => [e.id, e]));
  const problems: EventProblem[] = [];
  const add = (event: string, part: EventProblem['part'], message: string) =>
    problems.push({ event, title: byId.get(event)?.title ?? '', part, message });
  for (const event of all) {
    const checked = checkEventFields(fieldsOf(event), deps.reference, event.overrides);
    if (isTimeProblem(checked)) add(event.id, 'rules', `${checked.field}: ${englishProblem(checked)}`);
  }
  renderCalendar({ title: 'health check', description: '' }, all, {
    ...deps.context,
    onRenderFailure: (event, error) => add(event, 'feeds', `left out of the feeds: ${(error as Error).message}`),
  });
  for (const event of all) {
    const problem = deps.planner.problem(event);
    if (problem) add(event.id, 'reminders', `reminders cannot be planned: ${problem}`);
  }
  const order = { rules: 0, feeds: 1, reminders: 2 };
  problems.sort((a, b) => a.event.localeCompare(b.event) || order[a.part] - order[b.part]);
  return { checked: all.length, problems };
}
