"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { TRunProgress } from "@/lib/distill/run-progress";
import { runEventsUrl, runKeys, runProgressQuery } from "@/lib/queries/runs";

// Live progress: the query holds the latest object; while the run is not finished an EventSource
// (an external system, hence the effect) writes each `progress` event into that query. When the
// run finishes the stream ends and the run's other queries (detail, failures, tree) are refreshed.
export function useRunProgress(ws: string, run: string, initial: TRunProgress) {
  const client = useQueryClient();
  const query = useQuery({ ...runProgressQuery(ws, run), initialData: initial });
  const finished = query.data.finished;
  useEffect(() => {
    if (finished) return;
    const source = new EventSource(runEventsUrl(ws, run));
    source.addEventListener("progress", (e) => {
      const next = JSON.parse((e as MessageEvent<string>).data) as TRunProgress;
      client.setQueryData(runKeys.progress(ws, run), next);
      if (next.finished) {
        source.close();
        void client.invalidateQueries({ queryKey: runKeys.detail(ws, run) });
        void client.invalidateQueries({ queryKey: [...runKeys.run(ws, run), "failures"] });
      }
    });
    return () => source.close();
  }, [client, ws, run, finished]);
  return query.data;
}
