import { pullRoute } from "@/lib/http/pull-route";

// The pull API's answer lives in lib/registry/pull-answer.ts; in production the web server's fast
// path usually answers before Next routes here (lib/cli/web-server.ts).
export const GET = pullRoute();
