// The error a bytecode file that cannot be run is refused with: a message for the user,
// never a stack trace. Thrown by the decoder and the validator.

export class BytecodeError extends Error {
  override readonly name = "BytecodeError";
}
