import { auth } from "@/lib/auth/auth";

// better-auth's own endpoints (sign-in, sign-out, session). Public by nature; sign-up is disabled in lib/auth.
const handler = Object.assign((req: Request) => auth().handler(req), { meta: { access: "public" as const } });
export const GET = handler;
export const POST = handler;
