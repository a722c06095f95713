// Text that came from a peer (a refusal reason, a certificate's name) goes into our messages:
// strip control characters and cap its length so a hostile peer cannot paint the operator's terminal.

export function printable(text: string, limit = 300): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, "?");
  return clean.length > limit ? `${clean.slice(0, limit)}…` : clean;
}
