/**
 * The connected org's objects and fields as Floqer lists them for one action instance, cached: a
 * domain service over the Floqer client, holding only objects and fields that are Salesforce API names.
 */

import type { FloqerClient } from "../floqer/client.js";
import { type ActionLocation, sheetOf } from "../floqer/endpoints.js";
import type { ActionOption } from "../floqer/options.js";
import type { Caller } from "../floqer/requester.js";
import type { SalesforceField, SalesforceObject } from "../salesforce/fields.js";
import { OPTION_FIELDS } from "../salesforce/updateAction.js";
import { type CacheRead, LoadCache } from "./loadCache.js";
import { isApiName, toField, toObject } from "./optionFields.js";

export type { CacheRead as CatalogRead } from "./loadCache.js";

export class SalesforceCatalog {
  readonly #client: FloqerClient;
  readonly #objects: LoadCache<SalesforceObject[]>;
  readonly #fields: LoadCache<SalesforceField[]>;

  constructor(client: FloqerClient, ttlMs: number, maxEntries: number) {
    this.#client = client;
    this.#objects = new LoadCache(ttlMs, maxEntries);
    this.#fields = new LoadCache(ttlMs, maxEntries);
  }

  objects(location: ActionLocation, read: CacheRead = {}): Promise<SalesforceObject[]> {
    return this.#objects.get(
      cacheKey(location, OPTION_FIELDS.objects),
      (signal) =>
        this.#load(location, OPTION_FIELDS.objects, undefined, { signal, notify: read.notify }, toObject),
      read,
    );
  }

  fields(location: ActionLocation, objectName: string, read: CacheRead = {}): Promise<SalesforceField[]> {
    return this.#fields.get(
      cacheKey(location, OPTION_FIELDS.fields, objectName),
      (signal) =>
        this.#load(
          location,
          OPTION_FIELDS.fields,
          { salesforce_object: objectName },
          { signal, notify: read.notify },
          toField,
        ),
      read,
    );
  }

  async #load<T>(
    location: ActionLocation,
    field: string,
    context: Record<string, string> | undefined,
    caller: Caller,
    convert: (option: ActionOption) => T,
  ): Promise<T[]> {
    const options = await this.#client.listOptions(location, field, context, caller);
    return options.filter((option) => isApiName(option.value)).map(convert);
  }
}

function cacheKey(location: ActionLocation, field: string, context = ""): string {
  return JSON.stringify([
    location.workflow_id,
    sheetOf(location),
    location.action_instance_id,
    field,
    context,
  ]);
}
