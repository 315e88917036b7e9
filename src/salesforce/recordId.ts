/**
 * Salesforce record IDs: 15 characters, case-sensitive, or 18 characters whose last three encode
 * the case of the first fifteen (so the 18-character form survives tools that fold case).
 */

const SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
const ID_CHARACTERS = /^[A-Za-z0-9]+$/;

/** Key prefixes of standard objects: the first three characters of every record ID of that object. */
export const STANDARD_KEY_PREFIXES: Readonly<Record<string, string>> = {
  "001": "Account",
  "003": "Contact",
  "00Q": "Lead",
  "006": "Opportunity",
  "500": "Case",
  "005": "User",
  "00T": "Task",
  "00U": "Event",
  "701": "Campaign",
  "800": "Contract",
  "801": "Order",
  "01t": "Product2",
  "02i": "Asset",
};

export type RecordIdCheck =
  | { ok: true; id: string; standardObject?: string }
  | { ok: false; problem: string };

function isUpperLetter(char: string): boolean {
  return char >= "A" && char <= "Z";
}

function isLetter(char: string): boolean {
  return isUpperLetter(char) || (char >= "a" && char <= "z");
}

/** The three checksum characters Salesforce appends to a 15-character ID. */
export function checksumSuffix(id15: string): string {
  let suffix = "";
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let position = 0; position < 5; position++) {
      if (isUpperLetter(id15.charAt(chunk * 5 + position))) bits |= 1 << position;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

/**
 * The case that an 18-character ID's suffix says the first fifteen characters had, or undefined
 * when the suffix is not a valid encoding for those characters (it marks a digit as uppercase).
 */
function restoreCase(id18: string): string | undefined {
  const first15 = id18.slice(0, 15);
  let restored = "";
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = SUFFIX_ALPHABET.indexOf(id18.charAt(15 + chunk).toUpperCase());
    if (bits < 0) return undefined;
    for (let position = 0; position < 5; position++) {
      const char = first15.charAt(chunk * 5 + position);
      const upper = (bits & (1 << position)) !== 0;
      if (upper && !isLetter(char)) return undefined;
      restored += upper ? char.toUpperCase() : char.toLowerCase();
    }
  }
  return restored + id18.slice(15).toUpperCase();
}

function withPrefix(id: string): RecordIdCheck {
  const standardObject = STANDARD_KEY_PREFIXES[id.slice(0, 3)];
  return standardObject ? { ok: true, id, standardObject } : { ok: true, id };
}

/**
 * Checks a literal Salesforce record ID. An 18-character ID whose case was folded (all upper or
 * all lower) is still valid, as it is for Salesforce; one with mixed case must match its checksum.
 */
export function checkRecordId(raw: string): RecordIdCheck {
  const id = raw.trim();
  if (!ID_CHARACTERS.test(id)) {
    return {
      ok: false,
      problem:
        "a Salesforce record ID has only letters and digits (e.g. 0035g00000AbCdEFGH); use a {{reference}} token for a value from an earlier step",
    };
  }
  if (id.length === 15) return withPrefix(id);
  if (id.length !== 18) {
    return {
      ok: false,
      problem: `a Salesforce record ID has 15 or 18 characters, this one has ${id.length}`,
    };
  }
  const first15 = id.slice(0, 15);
  if (checksumSuffix(first15) === id.slice(15).toUpperCase()) return withPrefix(id);
  const caseWasFolded = first15 === first15.toUpperCase() || first15 === first15.toLowerCase();
  const restored = caseWasFolded ? restoreCase(id) : undefined;
  if (restored) return withPrefix(restored);
  return {
    ok: false,
    problem: `the 18-character checksum does not match: for ${first15} the last 3 characters would be ${checksumSuffix(first15)}, not ${id.slice(15)}; copy the ID again from Salesforce`,
  };
}
