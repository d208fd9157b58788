import { Type } from '@sinclair/typebox';
import { PROBLEM_CODES } from '../domain/problems.js';
import { StringEnum } from '../domain/shapes.js';

export { AttendanceFigures, Id, Nullable, StringEnum } from '../domain/shapes.js';

export const ErrorReply = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String({ description: 'the problem in English; a 400 about a field names the field first' }),
    field: Type.Optional(Type.String({ description: 'the field the problem concerns' })),
    code: StringEnum(PROBLEM_CODES, {
      description: 'what the problem is, for programs and translations: the same code for the same problem whatever its English says',
    }),
    params: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
        description: "the values the problem's sentence says (an id, a limit), by name",
      }),
    ),
  },
  { $id: 'ErrorReply' },
);

export const errorReplies = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [code, Type.Ref(ErrorReply)])) as Record<number, ReturnType<typeof Type.Ref>>;
