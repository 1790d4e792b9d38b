/**
 * Which Slack payloads letterbot takes, decided before Bolt sees one. Bolt reads a payload's fields
 * as Slack types them: a signed payload with a field of another type makes it throw (a 500), and
 * one that no listener takes waits 3 s for an acknowledgement that never comes (a 404). So every
 * payload is screened first: one letterbot answers goes on to Bolt holding only the fields that
 * letterbot and Bolt read, each of the type they expect; any other is acknowledged at once,
 * nothing is done, and one warning line says why.
 */
import { z } from "zod";
import { SLACK_ACTION_ID_PATTERN } from "./render.js";
import {
  blockActionsSchema,
  CHECK_CALLBACK_ID,
  envelopeSchema,
  mentionEvent,
  messageEvent,
  messageShortcutSchema,
  SLASH_COMMAND,
  slashCommandSchema,
} from "./translate.js";

/** The events letterbot subscribes to (both manifests), each with the fields it reads. */
const eventSchema = z.discriminatedUnion("type", [
  mentionEvent,
  messageEvent,
  z.object({ type: z.literal("app_home_opened"), user: z.string().min(1), tab: z.string().optional() }),
  z.object({ type: z.literal("app_uninstalled") }),
  z.object({
    type: z.literal("tokens_revoked"),
    tokens: z.object({ oauth: z.array(z.string()).optional(), bot: z.array(z.string()).optional() }),
  }),
]);
const SUBSCRIBED_EVENTS: ReadonlySet<unknown> = new Set(eventSchema.options.map((o) => o.shape.type.value));
const eventCallbackSchema = envelopeSchema(eventSchema);

/** A payload letterbot answers, as Bolt is to see it; or why it is not one. */
export type Screened =
  | { ok: true; body: Record<string, unknown> }
  | {
      ok: false;
      /** What kind of payload it claimed to be: a Slack type name, or "unknown". */
      payload: string;
      reason: string;
      /** The fields of the wrong type or missing, as paths in letterbot's schema (never their values). */
      fields?: string[];
    };

/** Slack's payload types, named in the log as they are; any other type is logged as "unknown". */
const KINDS = [
  "event_callback",
  "block_actions",
  "message_action",
  "shortcut",
  "view_submission",
  "view_closed",
  "block_suggestion",
  "interactive_message",
  "dialog_submission",
];

/** The kind a payload claims to be, for the log: one of Slack's names, never text of the sender's own. */
function kindOf(body: Record<string, unknown>): string {
  if ("command" in body) return "slash_command";
  return KINDS.includes(body.type as string) ? (body.type as string) : "unknown";
}

function parsed<T extends z.ZodTypeAny>(schema: T, body: Record<string, unknown>, kind: string): Screened {
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, body: result.data as Record<string, unknown> };
  const fields = [...new Set(result.error.issues.map((issue) => issue.path.join(".") || "(payload)"))];
  return { ok: false, payload: kind, reason: "fields missing or of the wrong type", fields };
}

/** Screens one payload Slack sent (an HTTP request's body, or a Socket Mode envelope's payload). */
export function screenPayload(body: unknown): Screened {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return { ok: false, payload: "unknown", reason: "not an object" };
  }
  const payload = body as Record<string, unknown>;
  const kind = kindOf(payload);
  const refuse = (reason: string): Screened => ({ ok: false, payload: kind, reason });
  switch (kind) {
    case "slash_command":
      if (payload.command !== SLASH_COMMAND) return refuse(`a command other than ${SLASH_COMMAND}`);
      return parsed(slashCommandSchema, payload, kind);
    case "event_callback": {
      const type = (payload.event as { type?: unknown } | null | undefined)?.type;
      if (typeof type === "string" && !SUBSCRIBED_EVENTS.has(type))
        return refuse("an event letterbot does not subscribe to");
      return parsed(eventCallbackSchema, payload, kind);
    }
    case "block_actions": {
      const { actions } = payload;
      if (Array.isArray(actions)) {
        if (actions.length === 0) return refuse("no action in it");
        const actionId = (actions[0] as { action_id?: unknown } | null)?.action_id;
        if (typeof actionId === "string" && !SLACK_ACTION_ID_PATTERN.test(actionId))
          return refuse("an action letterbot did not make");
      }
      return parsed(blockActionsSchema, payload, kind);
    }
    case "message_action":
      if (payload.callback_id !== CHECK_CALLBACK_ID) return refuse("a shortcut letterbot does not offer");
      return parsed(messageShortcutSchema, payload, kind);
    default:
      return refuse("a kind of payload letterbot does not handle");
  }
}
