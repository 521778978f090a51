import { getRunProgress, type TRunProgress } from "./run-progress";

// Server-sent events for the run page: the progress object as a `progress` event whenever it
// differs from the last one sent, read from the database about once a second (any worker may be
// driving the run, so there is nothing in this process to subscribe to). A comment line every
// 15 s keeps proxies from closing an idle connection. The stream ends after the event that shows
// the run finished, and stops polling as soon as the client goes away.

export const PROGRESS_POLL_MS = 1000;
export const HEARTBEAT_MS = 15_000;

type TStreamOptions = { pollMs?: number; heartbeatMs?: number; read?: (runId: string) => Promise<TRunProgress> };

export function streamRunProgress(runId: string, signal: AbortSignal, opts: TStreamOptions = {}): ReadableStream<Uint8Array> {
  const pollMs = opts.pollMs ?? PROGRESS_POLL_MS;
  const heartbeatMs = opts.heartbeatMs ?? HEARTBEAT_MS;
  const read = opts.read ?? ((id: string) => getRunProgress(id));
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  return new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        if (closed) return;
        closed = true;
        clearTimeout(timer);
        clearInterval(heartbeat);
        try {
          controller.close();
        } catch {
          // Already closed by the runtime after the client went away.
        }
      };
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      signal.addEventListener("abort", close, { once: true });
      heartbeat = setInterval(() => send(`: heartbeat ${new Date().toISOString()}\n\n`), heartbeatMs);
      send(`retry: 3000\n\n`);

      let last = "";
      const tick = async () => {
        if (closed) return;
        try {
          const progress = await read(runId);
          const json = JSON.stringify(progress);
          if (json !== last) {
            last = json;
            send(`event: progress\ndata: ${json}\n\n`);
          }
          if (progress.finished) return close();
        } catch (e) {
          // A database blip must not end the stream; say so once and try again on the next tick.
          send(`event: problem\ndata: ${JSON.stringify({ message: e instanceof Error && e.message.startsWith("No such") ? e.message : "Progress is unavailable for a moment." })}\n\n`);
          if (e instanceof Error && e.message.startsWith("No such")) return close();
        }
        if (!closed) timer = setTimeout(() => void tick(), pollMs);
      };
      void tick();
    },
    cancel() {
      closed = true;
      clearTimeout(timer);
      clearInterval(heartbeat);
    },
  });
}
