/**
 * One JSON Schema validator for the whole process, for the SDK's check of a form's answer against
 * the schema the form asked with. The SDK would otherwise build an Ajv instance (with its formats)
 * for every session's server, whether or not a form is ever shown: on an HTTP server that was most
 * of a session's memory, paid at every initialize. Here Ajv is loaded on the first form and shared;
 * the published bundle leaves Ajv out of the start altogether (scripts/build.mjs), so a start that
 * never shows a form never parses it.
 */
import type { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import type {
  JsonSchemaType,
  JsonSchemaValidator,
  jsonSchemaValidator,
} from "@modelcontextprotocol/sdk/validation/types.js";

/**
 * Forms are asked from a few fixed shapes; compiled validators are kept by the schema's text. Ajv
 * keeps what it compiled too, so past this many shapes both are dropped and start again.
 */
const MAX_FORM_SHAPES = 32;

export class SharedFormValidator implements jsonSchemaValidator {
  #loading: Promise<typeof AjvJsonSchemaValidator> | undefined;
  #Ajv: typeof AjvJsonSchemaValidator | undefined;
  #ajv: AjvJsonSchemaValidator | undefined;
  readonly #compiled = new Map<string, JsonSchemaValidator<unknown>>();

  /** Loads Ajv, once: a form's answer can be checked only after this has resolved. */
  prepare(): Promise<void> {
    this.#loading ??= import("@modelcontextprotocol/sdk/validation/ajv").then(
      ({ AjvJsonSchemaValidator }) => (this.#Ajv = AjvJsonSchemaValidator),
      (error: unknown) => {
        this.#loading = undefined;
        throw error;
      },
    );
    return this.#loading.then(() => {});
  }

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    // Unprepared, no answer can be checked, so none is taken: the SDK turns this into an error and
    // the question into a no.
    if (!this.#Ajv) throw new Error("the form validator was used before it was prepared");
    const key = JSON.stringify(schema);
    let validator = this.#compiled.get(key);
    if (!validator) {
      if (this.#compiled.size >= MAX_FORM_SHAPES || !this.#ajv) {
        this.#compiled.clear();
        this.#ajv = new this.#Ajv();
      }
      validator = this.#ajv.getValidator(schema);
      this.#compiled.set(key, validator);
    }
    return validator as JsonSchemaValidator<T>;
  }
}

export const formValidator = new SharedFormValidator();
