/**
 * Learning from readers' confirmations, from the environment: whether it is on (`LEARN`), how
 * many distinct readers make a confirmed question live (`LEARN_MIN_USERS`), and how long one is
 * kept without a new confirmation (`LEARN_KEEP_DAYS`). Each default and limit is named here, once.
 */
import { z } from "zod";
import { BotError, DEFAULT_LEARNING_POLICY, type LearningPolicy } from "../core/index.js";

/** Most readers a question can be made to wait for. */
const MAX_MIN_USERS = 1000;
/** Longest a learned example can be kept without a new confirmation: ten years. */
const MAX_KEEP_DAYS = 3650;

/** The learning policy, or undefined when learning is off. */
export type LearnConfig = LearningPolicy | undefined;

// Empty values count as unset, as they do in most .env files.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const between = (min: number, max: number) =>
  z
    .string()
    .regex(/^\s*\d{1,6}\s*$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const EnvSchema = z.object({
  LEARN: optional(
    z.preprocess(
      (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
      z.enum(["on", "off"], "must be on or off"),
    ),
  ),
  LEARN_MIN_USERS: optional(between(1, MAX_MIN_USERS)),
  LEARN_KEEP_DAYS: optional(between(1, MAX_KEEP_DAYS)),
});

/** How to fix each variable, named in the error. */
const FIXES: Record<string, string> = {
  LEARN: "use LEARN=off to learn nothing from readers, or leave it unset (on)",
  LEARN_MIN_USERS: `use a whole number of readers from 1 to ${MAX_MIN_USERS}, or leave it unset for ${DEFAULT_LEARNING_POLICY.minUsers}`,
  LEARN_KEEP_DAYS: `use a whole number of days from 1 to ${MAX_KEEP_DAYS}, or leave it unset for ${DEFAULT_LEARNING_POLICY.keepDays}`,
};

/** Reads the learning settings; throws `BotError("config_invalid")` naming the variable and the fix. */
export function loadLearnConfig(env: Record<string, string | undefined>): LearnConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "environment");
    // Only the variable's name and what is wrong: never its value.
    throw new BotError("config_invalid", `${name} ${issue?.message ?? "is invalid"}: ${FIXES[name] ?? ""}`);
  }
  const data = parsed.data;
  if (data.LEARN === "off") return undefined;
  return {
    minUsers: data.LEARN_MIN_USERS ?? DEFAULT_LEARNING_POLICY.minUsers,
    keepDays: data.LEARN_KEEP_DAYS ?? DEFAULT_LEARNING_POLICY.keepDays,
  };
}
