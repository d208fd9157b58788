import { Type, type TSchema, type Static } from '@sinclair/typebox';

/** A string from a fixed list, as a plain JSON Schema enum (clearer errors than anyOf). */
export function StringEnum<T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** The schema or null, as a JSON Schema type array (OpenAPI 3.1). */
export function Nullable<T extends TSchema>(schema: T) {
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type as string, 'null'] });
}

export const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$', description: 'lower-case id, e.g. ro-africa' });

export const ErrorReply = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String({ description: 'the field the problem concerns' })),
  },
  { $id: 'ErrorReply' },
);

export const errorReplies = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [code, Type.Ref(ErrorReply)])) as Record<number, ReturnType<typeof Type.Ref>>;

/** Participant figures as the API shows them (the event reply, the attendance routes). */
export const AttendanceFigures = Type.Object({
  participants: Type.Integer(),
  countries: Nullable(Type.Integer()),
  inPerson: Nullable(Type.Integer()),
  remote: Nullable(Type.Integer()),
  women: Nullable(Type.Integer()),
  notes: Nullable(Type.String()),
  recordedBy: Type.String(),
  recordedAt: Type.String(),
});
