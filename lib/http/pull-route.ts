import { notFound, toResponse } from "../errors";
import { answerPullRequest } from "../registry/pull-answer";
import type { TRouteHandler } from "./route";

// The pull API's Next route handlers: Request in, answerPullRequest, Response out. The web server's
// fast path (pull-fast-path.ts) calls the same function before a request ever reaches Next, so a
// pull answered here (e.g. in `npm run dev`) and one answered there are the same answer.

export function pullRoute(): TRouteHandler {
  const handler = async (req: Request): Promise<Response> => {
    const answer = await answerPullRequest({ method: req.method, url: req.url, headers: req.headers });
    if (!answer) return toResponse(notFound("route", "pull API endpoint"));
    return new Response(answer.body as BodyInit | null, { status: answer.status, headers: answer.headers });
  };
  return Object.assign(handler, { meta: { access: "registry" as const } });
}
