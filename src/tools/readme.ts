/**
 * The README's tools section, written from the tool definitions: each tool's kind from its
 * annotations, its arguments and answer fields from its schemas, and its own manual text. A test
 * fails while the README and this disagree (`npm run docs` writes it).
 */
import type { z } from "zod";
import type { AnyToolDefinition } from "./tool.js";

const WIDTH = 100;

/** Field names of a schema shape, an optional one marked `?` (the sandbox marker is not a field). */
function fieldsOf(shape: z.ZodRawShape): string {
  return Object.entries(shape)
    .filter(([name]) => name !== "sandbox")
    .map(([name, schema]) => `\`${name}${(schema as z.ZodType).safeParse(undefined).success ? "?" : ""}\``)
    .join(", ");
}

/** Joins words into lines of at most WIDTH characters, each later line starting with `indent`. */
function wrap(text: string, indent = ""): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && (lines.length === 0 ? next : `${indent}${next}`).length > WIDTH) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines.map((text, index) => (index === 0 ? text : `${indent}${text}`)).join("\n");
}

/** Paragraphs reflowed; a "- " line starts a list item, whose own lines continue it. */
function reflow(markdown: string): string {
  return markdown
    .trim()
    .split(/\n\s*\n/)
    .map((block) => {
      const items = block.split(/\n(?=- )/);
      return items
        .map((item) => (item.startsWith("- ") ? `- ${wrap(item.slice(2), "  ")}` : wrap(item)))
        .join("\n");
    })
    .join("\n\n");
}

function kindOf(tool: AnyToolDefinition): string {
  return tool.annotations.readOnlyHint ? "read-only" : "writes";
}

export function toolsSection(tools: readonly AnyToolDefinition[]): string {
  return tools
    .map((tool) =>
      [
        `### \`${tool.name}\` (${kindOf(tool)})`,
        wrap(
          `**${tool.title}.** Input: ${fieldsOf(tool.inputSchema)}. Output: ${fieldsOf(tool.outputSchema)}.`,
        ),
        "",
        reflow(tool.guide.manual),
      ].join("\n"),
    )
    .join("\n\n");
}
