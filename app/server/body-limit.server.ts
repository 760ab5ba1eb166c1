// Reading a request body with a limit that holds while it streams in (issue 16, defect 4): a
// declared Content-Length over the limit is refused before anything is read, and a chunked body
// is counted as it arrives and left at the first chunk past the limit. JSON (json-body.server.ts)
// and urlencoded page forms (forms.server.ts) read through here; multipart uploads have their own
// streaming reader (app/server/upload.server.ts).
//
// What a refused request leaves unread is for the HTTP server to deal with (scripts/server-guards.ts
// drains a small rest and keeps the connection, or answers "Connection: close" for a large one).
// The stream is not cancelled here: cancelling destroys the socket before the answer is sent.

/** The body's bytes, at most maxBytes; throws tooLarge() as soon as it is clear there are more. */
export async function readLimitedBody(request: Request, maxBytes: number, tooLarge: () => unknown): Promise<Uint8Array> {
  const declared = request.headers.get("Content-Length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw tooLarge();
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks);
}

/** The body as UTF-8 text (see readLimitedBody). */
export async function readLimitedText(request: Request, maxBytes: number, tooLarge: () => unknown): Promise<string> {
  return new TextDecoder().decode(await readLimitedBody(request, maxBytes, tooLarge));
}
