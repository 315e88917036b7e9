/**
 * How each kind of setting's value is read: a whole number in bounds, a switch, the API's URL, a
 * key, a secret, a list. Each schema takes the name the user wrote (a flag or a variable) for its
 * messages, and records what it reads, for the manifests that describe the settings to installers.
 */
import { z } from "zod";
import { DEFAULT_BASE_URL } from "../floqer/endpoints.js";
import { isLoopbackHost } from "../loopback.js";

/** A setting's schema, with the name the user wrote (a flag or a variable) in its messages. */
export type SchemaFor = (name: string) => z.ZodType;

/** What a variable holds, as a package manifest names it. */
export type ValueFormat = "string" | "number" | "boolean";

/** Recorded where each schema is made; a schema not recorded reads a string and is no secret. */
const FORMATS = new WeakMap<SchemaFor, ValueFormat>();
const SECRETS = new WeakSet<SchemaFor>();
const noted = <Schema extends SchemaFor>(
  schema: Schema,
  { format, secret = false }: { format?: ValueFormat; secret?: boolean },
): Schema => {
  if (format) FORMATS.set(schema, format);
  if (secret) SECRETS.add(schema);
  return schema;
};

export const formatOf = (schema: SchemaFor): ValueFormat => FORMATS.get(schema) ?? "string";
export const isSecret = (schema: SchemaFor): boolean => SECRETS.has(schema);

export const integer = (min: number, max: number, defaultValue: number, scale = 1) =>
  noted(
    (name: string) =>
      z.coerce
        .number({ error: `${name} must be a whole number` })
        .int(`${name} must be a whole number`)
        .min(min, `${name} must be at least ${min}`)
        .max(max, `${name} must be at most ${max}`)
        .transform((value) => value * scale)
        .default(defaultValue),
    { format: "number" },
  );

export const flag = noted(
  (name: string) =>
    z
      .enum(["1", "0", "true", "false", "yes", "no", ""], {
        error: `${name} must be 1 or 0 (or true/false, yes/no)`,
      })
      .transform((value) => value === "1" || value === "true" || value === "yes")
      .default(false),
  { format: "boolean" },
);

export const baseUrl = ((name: string) =>
  z
    .string()
    .transform((value, context) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        context.addIssue({ code: "custom", message: `${name} is not a URL: ${value}` });
        return z.NEVER;
      }
      if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
        context.addIssue({
          code: "custom",
          message: `${name} must use https (plain http is allowed only for a loopback host)`,
        });
        return z.NEVER;
      }
      if (url.username || url.password || url.search || url.hash) {
        context.addIssue({
          code: "custom",
          message: `${name} must not carry credentials, a query or a fragment`,
        });
        return z.NEVER;
      }
      return url.toString().replace(/\/+$/, "");
    })
    .default(DEFAULT_BASE_URL)) satisfies SchemaFor;

export const apiKey = noted(
  (name: string) =>
    z
      .string()
      .transform((value) => value.trim())
      .refine((value) => !/\s/.test(value), `${name} contains spaces or line breaks; copy the key again`)
      .transform((value) => value || undefined)
      .optional(),
  { secret: true },
);

export const secret = (what: string) =>
  noted(
    (name: string) =>
      z
        .string()
        .min(32, `${name} must be at least 32 characters (e.g. openssl rand -hex 32)`)
        .optional()
        .describe(what),
    { secret: true },
  );

export const list = ((_name: string) =>
  z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .optional()) satisfies SchemaFor;

/**
 * Browser origins, each as scheme://host[:port] (https://app.example.com): an entry that is not one
 * would never match a page's Origin, and the page would be refused with no sign why.
 */
export const origins = ((name: string) =>
  list(name).superRefine((entries, context) => {
    for (const entry of entries ?? []) {
      let url: URL | undefined;
      try {
        url = new URL(entry);
      } catch {}
      const isOrigin =
        url !== undefined &&
        (url.protocol === "https:" || url.protocol === "http:") &&
        url.pathname === "/" &&
        !url.search &&
        !url.hash &&
        !url.username &&
        !url.password;
      if (!isOrigin) {
        context.addIssue({
          code: "custom",
          message: `${name}: ${JSON.stringify(entry)} is not an origin; write scheme://host[:port], e.g. https://app.example.com`,
        });
        return;
      }
    }
  })) satisfies SchemaFor;

/** A short name that can lead a session id and be matched by a load balancer: a-z, 0-9, '-'. */
export const instanceName = ((name: string) =>
  z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, `${name} is 1-32 characters: a-z, 0-9 and '-', not starting with '-'`)
    .optional()) satisfies SchemaFor;

export const nonEmpty = (defaultValue: string) => (name: string) =>
  z.string().min(1, `${name} must not be empty`).default(defaultValue);
