/**
 * One JSON Schema validator for the whole process, for the SDK's check of a form's answer against
 * the schema the form asked with. The SDK would otherwise build an Ajv instance (with its formats)
 * for every session's server, whether or not a form is ever shown: on an HTTP server that is most of
 * a session's memory, paid at every initialize. Here Ajv is built on the first form and shared.
 */
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
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
  #ajv: AjvJsonSchemaValidator | undefined;
  readonly #compiled = new Map<string, JsonSchemaValidator<unknown>>();

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    const key = JSON.stringify(schema);
    let validator = this.#compiled.get(key);
    if (!validator) {
      if (this.#compiled.size >= MAX_FORM_SHAPES || !this.#ajv) {
        this.#compiled.clear();
        this.#ajv = new AjvJsonSchemaValidator();
      }
      validator = this.#ajv.getValidator(schema);
      this.#compiled.set(key, validator);
    }
    return validator as JsonSchemaValidator<T>;
  }
}

export const formValidator: jsonSchemaValidator = new SharedFormValidator();
