// The entry of the server's work pool threads: it serves the tasks of `tasks.ts`.
import { serveTasks } from './serve-tasks.ts';
import { workTasks } from './tasks.ts';

serveTasks(workTasks);
