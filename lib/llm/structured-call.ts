import type { ChatCompletionCreateParamsNonStreaming } from "openai/resources/chat/completions";
import { AdaptableRejection, requestCompletion, type TCallState, type TRequestContext } from "./chat-request";
import { createLlmFailure } from "./failures";
import { parseStructured } from "./parse-json";
import { applyParamQuirks, rememberParamQuirk } from "./request-params";
import {
  addSchemaInstruction,
  buildRepairPrompt,
  buildResponseFormat,
  buildSchemaInstruction,
  CONTINUE_PROMPT,
  rememberJsonSchemaUnsupported,
  shouldSendJsonSchema,
  toJsonSchema,
  type TJsonSchemaMode,
} from "./structured-output";
import type { TChatMessage, TStructuredRequest, TStructuredResult } from "./types";

// One logical structured call: ask, continue a cut-off answer, and send the parser's error back
// (method §1.10: ≤2 continuations, ≤2 format fixes). Refusals end the call at once: asking again
// with the same content would only be refused again, and paid for.

export type TStructuredContext = TRequestContext & {
  baseURL: string;
  jsonSchemaMode: TJsonSchemaMode;
  maxFormatRepairs: number;
  maxContinuations: number;
  defaultTemperature?: number;
};

type TAnswer = { text: string; truncated: boolean; model: string };

export async function runStructuredCall<T>(ctx: TStructuredContext, model: string, req: TStructuredRequest<T>): Promise<TStructuredResult<T>> {
  const state: TCallState = { attempts: 0, usage: { tokensIn: 0, tokensOut: 0, costUsd: 0 } };
  const jsonSchema = toJsonSchema(req.schema);
  // Only the prompt form (no json_schema support) needs the schema written out.
  let instruction: string | undefined;
  const session = { useFormat: shouldSendJsonSchema(ctx.jsonSchemaMode, ctx.baseURL) };
  // Repair turns are kept apart from the base, so a switch to the prompt form rebuilds the base only.
  const repairTurns: TChatMessage[] = [];
  const buildConversation = () => [...(session.useFormat ? req.messages : addSchemaInstruction(req.messages, (instruction ??= buildSchemaInstruction(req.schemaName, jsonSchema)))), ...repairTurns];

  // A few adaptations per call at most, so a server that keeps refusing ends the call.
  let adaptations = 0;
  const askOnce = async (messages: TChatMessage[], withFormat: boolean) => {
    const body: ChatCompletionCreateParamsNonStreaming = { model, messages };
    const temperature = req.temperature ?? ctx.defaultTemperature;
    if (temperature !== undefined) body.temperature = temperature;
    if (req.maxTokens !== undefined) body.max_tokens = req.maxTokens;
    if (withFormat) body.response_format = buildResponseFormat(req.schemaName, jsonSchema);
    return requestCompletion(ctx, state, applyParamQuirks(ctx.baseURL, body), {
      detectJsonSchemaUnsupported: ctx.jsonSchemaMode === "auto",
      adapt: adaptations < 3,
    });
  };

  const askForAnswer = async (): Promise<TAnswer> => {
    let text = "";
    let usedModel = model;
    for (let continuation = 0; ; continuation++) {
      const conversation = buildConversation();
      const messages: TChatMessage[] =
        continuation === 0 ? conversation : [...conversation, { role: "assistant", content: text }, { role: "user", content: CONTINUE_PROMPT }];
      let completion;
      try {
        // A continuation must be free text: a forced schema would make the model start a new object.
        completion = await askOnce(messages, session.useFormat && continuation === 0);
      } catch (e) {
        if (!(e instanceof AdaptableRejection)) throw e;
        adaptations++;
        if (e.fix.kind === "param") rememberParamQuirk(ctx.baseURL, model, e.fix.quirk);
        else {
          if (e.fix.scope === "endpoint") rememberJsonSchemaUnsupported(ctx.baseURL);
          session.useFormat = false;
        }
        continuation--;
        continue;
      }
      usedModel = completion.model || model;
      const choice = completion.choices[0];
      const refusal = choice?.message?.refusal;
      if (refusal || choice?.finish_reason === "content_filter") {
        throw createLlmFailure("refusal", `The model refused to answer${refusal ? `: ${refusal.slice(0, 500)}` : " (content filter)"}.`, state);
      }
      text += choice?.message?.content ?? "";
      if (choice?.finish_reason !== "length") return { text, truncated: false, model: usedModel };
      if (parseStructured(text, req.schema).ok) return { text, truncated: false, model: usedModel };
      if (continuation >= ctx.maxContinuations) return { text, truncated: true, model: usedModel };
    }
  };

  for (let repair = 0; ; repair++) {
    const answer = await askForAnswer();
    const parsed = parseStructured(answer.text, req.schema);
    if (parsed.ok) return { value: parsed.value, model: answer.model, usage: { ...state.usage }, attempts: state.attempts, rawText: answer.text };
    if (answer.truncated) {
      throw createLlmFailure("truncated", `The answer was still cut off after ${ctx.maxContinuations} continuation(s).`, state);
    }
    if (repair >= ctx.maxFormatRepairs) {
      throw createLlmFailure("unparsable", `The answer did not parse after ${ctx.maxFormatRepairs} format repair(s): ${parsed.error.slice(0, 1000)}`, state);
    }
    repairTurns.push({ role: "assistant", content: answer.text }, { role: "user", content: buildRepairPrompt(parsed.error) });
  }
}
