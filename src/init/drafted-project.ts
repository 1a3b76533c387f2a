// src/init/drafted-project.ts — exact content, written identically by both helpers so the branches merge
/** Files `cutover init` writes into the user's project (paths relative to its root), and what it could not work out. */
export interface DraftedFile {
  path: string;
  text: string;
}

export interface DraftTodo {
  path: string;
  line: number;
  text: string;
}

export interface DraftedProject {
  files: DraftedFile[];
  todos: DraftTodo[];
}
