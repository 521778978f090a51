import type { TWorkbook } from "./workbook";

// One demo task and the moves an agent can make on it. A run is assembled from these moves by
// ./scenarios.ts; everything here is plain data so a category file stays readable.

/** One ReAct turn: the agent's thought, its bash command, and what the tool printed. */
export type TAction = { thought: string; command: string; output: string; isError?: boolean; execSeconds?: number };

/** A tool error the agent can hit and recover from: the failing turn, then the thought that fixes it. */
export type TToolError = { id: string; action: TAction; fix: string; detour?: TAction };

/** A silent mistake: the turns look fine to the agent, the grader disagrees. */
export type TPitfall = { id: string; actions: TAction[]; final: string; grader: string };

export type TTask = {
  id: string;
  category: string;
  instruction: string;
  instructionType: "Cell-Level Manipulation" | "Sheet-Level Manipulation";
  answerPosition: string;
  workbook: TWorkbook;
  /** Extra inputs the task reads (a second workbook, a CSV), listed by `ls`. */
  otherInputs?: string[];
  /** How the agent first looks at the input; default: print the workbook's sheets and first rows. */
  explore?: TAction;
  /** A targeted look at the data the solution depends on (types, stray spaces, adjacent rows). */
  inspect?: TAction;
  solve: TAction[];
  verify: TAction;
  done: string;
  /** The grader's verdict when the output is the untouched input (the agent gave up after copying). */
  unchanged: string;
  pitfalls: TPitfall[];
  errors: TToolError[];
};

export const WORKDIR = "/workspace";
export const inputPath = (file: string) => `${WORKDIR}/inputs/${file}`;
export const outputPath = (file: string) => `${WORKDIR}/outputs/${file.replace(/\.csv$/, ".xlsx")}`;
