/**
 * A clean install on every Node this project supports: every package in each lockfile declares an
 * engines range that the lockfile's own floor takes, so `npm ci` prints no EBADENGINE. The root
 * lockfile is checked, too, against the first long-term-support release of each later major,
 * where a range with an upper bound would warn.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import semver from "semver";

const ROOT = new URL("../../", import.meta.url);
const LATER_LTS = ["22.12.0", "24.11.0"];

interface Lockfile {
  packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
}

/** Each package whose declared Node range the given version is outside of. */
function refusing(lockfile: Lockfile, version: string): string[] {
  return Object.entries(lockfile.packages).flatMap(([path, entry]) => {
    const range = !path || Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    return range && !semver.satisfies(version, range) ? [`${path} wants node ${range}`] : [];
  });
}

function read(folder: string): { floor: string; lockfile: Lockfile } {
  const manifest = JSON.parse(readFileSync(new URL(`${folder}package.json`, ROOT), "utf8")) as {
    engines: { node: string };
  };
  const floor = semver.minVersion(manifest.engines.node)?.version;
  assert.ok(floor, `${folder}package.json has an engines.node range`);
  return { floor, lockfile: JSON.parse(readFileSync(new URL(`${folder}package-lock.json`, ROOT), "utf8")) };
}

describe("engines", () => {
  for (const folder of ["", "node22-tools/"]) {
    it(`${folder || "the project"}: every locked package takes the floor of engines.node`, () => {
      const { floor, lockfile } = read(folder);
      assert.deepEqual(refusing(lockfile, floor), []);
    });
  }

  it("the project: every locked package takes each later LTS line too", () => {
    const { lockfile } = read("");
    for (const version of LATER_LTS) assert.deepEqual(refusing(lockfile, version), [], version);
  });

  it("names a package whose range leaves the version out", () => {
    const lockfile: Lockfile = { packages: { "node_modules/new-tool": { engines: { node: ">=22" } } } };
    assert.deepEqual(refusing(lockfile, "20.18.0"), ["node_modules/new-tool wants node >=22"]);
  });
});
