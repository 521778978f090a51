import type { Prisma } from "./generated/prisma/client";
import { db } from "./db/client";
import { actorOf, type TPrincipal } from "./auth/principal";

// Every decision and administrative change is written here: who, when, what, before and after.

type TClient = Pick<ReturnType<typeof db>, "auditEvent">;

export type TAuditInput = {
  workspaceId: string | null;
  principal: TPrincipal | undefined;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
};

const json = (v: unknown) => (v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue));

export async function recordAudit(input: TAuditInput, client: TClient = db()): Promise<void> {
  await client.auditEvent.create({
    data: {
      workspaceId: input.workspaceId,
      ...actorOf(input.principal),
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      before: json(input.before),
      after: json(input.after),
    },
  });
}
