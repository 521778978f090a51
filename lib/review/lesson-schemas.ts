import { z } from "zod";
import { ANALYST_KINDS, LESSON_KINDS, ZLeanPath } from "../distill/lessons";

// The lessons screen's boundary: what its routes accept and return. Client-safe (no Prisma), so
// the UI and the route tests parse responses with the same schemas.

export const LESSON_STATUSES = ["active", "edited", "rejected"] as const;
export const ANALYSIS_STATUSES = ["pending", "running", "done", "failed", "skipped"] as const;
export const OUTCOMES = ["success", "failure", "unknown"] as const;

// Query strings carry "true"/"false"; lib callers may pass a boolean.
const ZBoolParam = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);

export const ZTrajectoryListQuery = z.object({
  cursor: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  outcome: z.enum(OUTCOMES).optional(),
  status: z.enum(ANALYSIS_STATUSES).optional(),
  /** Trajectories with at least one lesson of this kind. */
  kind: z.enum(LESSON_KINDS).optional(),
  /** Trajectories with at least one lesson in this state. */
  lessonStatus: z.enum(LESSON_STATUSES).optional(),
  taskSpecific: ZBoolParam.optional(),
});
export type TTrajectoryListQuery = z.input<typeof ZTrajectoryListQuery>;

export const ZAnalystLabel = z.enum([...ANALYST_KINDS, "skipped", "pending"]);

export const ZRunTrajectory = z.object({
  trajectoryId: z.string(),
  position: z.number().int(),
  externalId: z.string(),
  outcome: z.enum(OUTCOMES),
  stepCount: z.number().int(),
  status: z.enum(ANALYSIS_STATUSES),
  /** "reason: message" for a failed analyst, the skip reason for a skipped one. */
  error: z.string().nullable(),
  analyst: ZAnalystLabel,
  lessons: z.number().int(),
  rejected: z.number().int(),
});
export type TRunTrajectory = z.infer<typeof ZRunTrajectory>;

export const ZRunHeader = z.object({
  id: z.string(),
  pool: z.string(),
  skill: z.string().nullable(),
  status: z.string(),
  stage: z.string(),
  /** "rule-based" when no LLM was configured for the run. */
  analystKind: z.enum(["llm", "rule-based"]),
  promptVersions: z.record(z.string(), z.string()),
  promptHashes: z.record(z.string(), z.string()),
});
export type TRunHeader = z.infer<typeof ZRunHeader>;

export const ZTrajectoryPage = z.object({ run: ZRunHeader, trajectories: z.array(ZRunTrajectory), nextCursor: z.number().int().nullable() });
export type TTrajectoryPage = z.infer<typeof ZTrajectoryPage>;

export const ZLessonWording = z.object({ title: z.string(), description: z.string(), content: z.string() });

export const ZLessonView = z.object({
  id: z.string(),
  runId: z.string(),
  trajectoryId: z.string(),
  kind: z.enum(LESSON_KINDS),
  number: z.number().int(),
  title: z.string(),
  description: z.string(),
  content: z.string(),
  stepRefs: z.array(z.number().int()),
  status: z.enum(LESSON_STATUSES),
  taskSpecific: z.boolean(),
  /** The analyst's wording, set once a curator edits the lesson. */
  original: ZLessonWording.nullable(),
  rejectReason: z.string().nullable(),
  version: z.number().int(),
  /** Who made the last change (email or API key name); null while the lesson is as the analyst left it. */
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
  /** Proposal items of the run that cite this lesson among their sources. */
  support: z.number().int(),
});
export type TLessonView = z.infer<typeof ZLessonView>;

export const ZTrajectoryLessons = z.object({
  trajectory: z.object({ id: z.string(), externalId: z.string(), outcome: z.enum(OUTCOMES), stepCount: z.number().int(), instruction: z.string() }),
  analysis: z.object({
    status: z.enum(ANALYSIS_STATUSES),
    error: z.string().nullable(),
    analyst: ZAnalystLabel,
    perspective: z.enum(["error", "success"]).nullable(),
    model: z.string().nullable(),
    leanPath: ZLeanPath.nullable(),
    invalidCitations: z.number().int(),
    sawGraderEvidence: z.boolean(),
  }),
  lessons: z.array(ZLessonView),
});
export type TTrajectoryLessons = z.infer<typeof ZTrajectoryLessons>;

export const ZStepLessons = z.object({ step: z.number().int(), lessons: z.array(ZLessonView) });

const ZText = (max: number) => z.string().trim().min(1).max(max);

export const ZUpdateLesson = z
  .object({
    /** The version the edit is based on: a stale one is refused with 409 and the current lesson. */
    version: z.number().int().positive(),
    title: ZText(200).optional(),
    description: ZText(1000).optional(),
    content: ZText(4000).optional(),
    status: z.enum(["active", "rejected"]).optional(),
    taskSpecific: z.boolean().optional(),
    rejectReason: z.string().trim().max(1000).optional(),
  })
  .refine((v) => v.status === "rejected" || v.rejectReason === undefined, { message: "A reject reason goes with status rejected.", path: ["rejectReason"] });
export type TUpdateLesson = z.infer<typeof ZUpdateLesson>;
