import type { TFormat, TProbe } from "./format";
import { anthropicMessagesFormat } from "./formats/anthropic-messages";
import { atifFormat } from "./formats/atif";
import { claudeCodeFormat } from "./formats/claude-code";
import { geminiCliFormat } from "./formats/gemini-cli";
import { inspectFormat } from "./formats/inspect";
import { langsmithFormat } from "./formats/langsmith";
import { miniSweAgentFormat } from "./formats/mini-swe-agent";
import { openaiChatFormat } from "./formats/openai-chat";
import { openaiResponsesFormat } from "./formats/openai-responses";
import { openhandsFormat } from "./formats/openhands";
import { otelGenaiFormat } from "./formats/otel-genai";
import { smolagentsFormat } from "./formats/smolagents";
import { studioJsonlFormat } from "./formats/studio-jsonl";
import { sweAgentFormat } from "./formats/swe-agent";
import { trace2skillLogFormat } from "./formats/trace2skill-log";

// Detection order (../shared/trajectory-formats.md, cheat sheet): the most specific containers
// first, the generic message-array formats last, because a harness log often embeds plain messages.
// Our own schema goes first: its `schema` key is decisive and nobody else writes it.
export const FORMATS: TFormat[] = [
  studioJsonlFormat,
  inspectFormat,
  atifFormat,
  sweAgentFormat,
  miniSweAgentFormat,
  openhandsFormat,
  claudeCodeFormat,
  geminiCliFormat,
  otelGenaiFormat,
  langsmithFormat,
  smolagentsFormat,
  trace2skillLogFormat,
  anthropicMessagesFormat,
  openaiResponsesFormat,
  openaiChatFormat,
];

export function formatById(id: string): TFormat | undefined {
  return FORMATS.find((f) => f.id === id);
}

/** The first format that claims the file, or undefined. A detector that throws counts as "no". */
export function detectFormat(probe: TProbe): TFormat | undefined {
  return FORMATS.find((f) => {
    try {
      return f.detect(probe);
    } catch {
      return false;
    }
  });
}
