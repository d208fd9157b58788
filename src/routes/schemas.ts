import { Type } from '@sinclair/typebox';

export { AttendanceFigures, Id, Nullable, StringEnum } from '../domain/shapes.js';

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
