// A streamed HTTP download body, pulled one chunk at a time: the next batch is read from the
// database only when the client has taken the last one, and not at all once it has gone.
//
// The Remix Express adapter writes each chunk without waiting for the socket, so scripts/server.ts
// puts a `drained()` in the load context (waits while the response needs draining; false once
// the connection is gone) and the stream awaits it before reading on.

/** What a download needs from its request: when the client is gone, and when it is ready for more. */
export interface DownloadOptions {
  /** Aborted when the client goes away (Remix's request.signal). */
  signal?: AbortSignal;
  /** Resolves when the response can take more: true, or false when the client is gone (the server's load context; absent: no waiting). */
  drained?: () => Promise<boolean>;
}

/** The download options of a loader's request and load context (scripts/server.ts gives `drained`). */
export function downloadOptions(request: Request, context: unknown): DownloadOptions {
  const drained = (context as { drained?: unknown } | undefined)?.drained;
  return { signal: request.signal, drained: typeof drained === "function" ? (drained as () => Promise<boolean>) : undefined };
}

/**
 * A streamed HTTP body from a generator of text chunks (each read from a snapshot). `done` runs
 * once: at the end, on cancel or when the client goes, but never while a chunk is being read (an
 * async generator's batch is several queries on the snapshot that `done` closes).
 */
export function streamOf(chunks: Generator<string> | AsyncGenerator<string>, done: () => void, opts: DownloadOptions = {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let finished = false;
  let reading = false;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    try {
      const r = chunks.return(undefined);
      if (r instanceof Promise) r.catch(() => undefined);
    } finally {
      done();
    }
  };
  const end = () => {
    finished = true;
    if (!reading) release();
  };
  opts.signal?.addEventListener("abort", end, { once: true });
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const connected = opts.drained ? await opts.drained() : true;
      if (!connected || finished || opts.signal?.aborted) {
        end();
        closeQuietly(controller);
        return;
      }
      try {
        // Enqueue something on every pull (a pull that enqueues nothing is not called again).
        for (;;) {
          let next: IteratorResult<string>;
          reading = true;
          try {
            // An async generator runs up to its first await inside next(), so `reading` is set first.
            const pending = chunks.next();
            next = pending instanceof Promise ? await pending : pending;
          } finally {
            reading = false;
          }
          if (finished) {
            // The client went away while the batch was read: release now that nothing reads.
            release();
            closeQuietly(controller);
            return;
          }
          if (next.done) {
            end();
            controller.close();
            return;
          }
          if (next.value) {
            controller.enqueue(encoder.encode(next.value));
            return;
          }
        }
      } catch (e) {
        const gone = finished;
        end();
        if (gone) closeQuietly(controller);
        else controller.error(e);
      }
    },
    cancel() {
      end();
    },
  });
}

/** Close, unless the stream is closed already (a cancelled body). */
function closeQuietly(controller: ReadableStreamDefaultController<Uint8Array>): void {
  try {
    controller.close();
  } catch {
    // already closed or cancelled
  }
}
