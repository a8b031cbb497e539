import { z } from 'zod';

interface JsonSchema {
  type?: string | string[];
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  enum?: unknown[];
  anyOf?: JsonSchema[];
}

const typeOf = (schema: JsonSchema): string => {
  if (schema.enum !== undefined) return schema.enum.map((value) => JSON.stringify(value)).join('|');
  if (schema.anyOf !== undefined) return schema.anyOf.map(typeOf).join('|');
  return Array.isArray(schema.type) ? schema.type.join('|') : (schema.type ?? 'any');
};

/** Top-level config keys of a plugin with their type and default: `port: integer = 4318`. */
export function summarizeSchema(schema: z.ZodType): string[] {
  let json: JsonSchema;
  try {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    return ['(schema cannot be summarized)'];
  }
  return Object.entries(json.properties ?? {}).map(([key, property]) => {
    const fallback = property.default === undefined ? '' : ` = ${JSON.stringify(property.default)}`;
    return `${key}: ${typeOf(property)}${fallback}`;
  });
}
