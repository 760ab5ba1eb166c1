// Reading a multipart form with one file field (the import upload, an asset's photo) without
// holding more of the file than the form allows: the declared length is checked first, then every
// byte is counted as it arrives; a refused upload is drained so the browser sees the answer.
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { ApiError } from "./errors";

/** Room for the form's other fields and the multipart framing on top of the file. */
const FRAMING_BYTES = 64 * 1024;
/** After refusing a large upload, read (and drop) at most this much more, so the browser sees the message. */
const DRAIN_LIMIT_BYTES = 200 * 1024 * 1024;
const MAX_FIELD_BYTES = 16 * 1024;

function tooLargeError(limits: UploadLimits): ApiError {
  return new ApiError(413, "too_large", limits.tooLargeMessage, { file: `is larger than ${limits.label}` });
}

/** How big a file the form takes, and what to say when it is bigger. */
export interface UploadLimits {
  maxBytes: number;
  /** "10 MB" */
  label: string;
  tooLargeMessage: string;
}

/** Read and drop the rest of a request body (up to a limit), so the browser gets the answer, not a reset. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, already = 0): Promise<void> {
  let seen = already;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value.byteLength;
      if (seen > DRAIN_LIMIT_BYTES) {
        await reader.cancel();
        return;
      }
    }
  } catch {
    // The client went away: nothing to do.
  }
}

export interface UploadForm {
  fields: Record<string, string>;
  file: { filename: string; bytes: Buffer } | null;
  /** The fields as FormData, for the CSRF check. */
  form: FormData;
}

/**
 * Read a multipart form with one file field (`file`) without holding more than `limits.maxBytes` of it: the
 * declared length is checked first, then every byte is counted as it arrives. Throws a 413
 * ApiError with a plain message when it is too large.
 */
export async function readUploadForm(request: Request, limits: UploadLimits): Promise<UploadForm> {
  const tooLarge = () => tooLargeError(limits);
  const MAX_REQUEST_BYTES = limits.maxBytes + FRAMING_BYTES;
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^multipart\/form-data\s*;\s*boundary=/i.test(type)) {
    throw new ApiError(400, "not_multipart", "Send the file with the upload form (multipart/form-data).", { file: "is missing" });
  }
  const declared = Number(request.headers.get("Content-Length") ?? "");
  if (Number.isFinite(declared) && declared > MAX_REQUEST_BYTES) {
    if (declared <= DRAIN_LIMIT_BYTES && request.body) await drain(request.body.getReader());
    throw tooLarge();
  }
  if (!request.body) throw new ApiError(400, "invalid_input", "Choose a file to upload.", { file: "choose a CSV or GeoJSON file" });

  let total = 0;
  let over = false;
  const source = request.body.getReader();
  // The read the parser has asked for and not yet had: a refusal waits for it before draining,
  // so that the drain is the only reader of the request (a drain racing a pending read here was
  // seen to wait for ever on a chunked upload).
  let pending: Promise<void> | null = null;
  const counted = new ReadableStream<Uint8Array>({
    pull(controller) {
      pending = (async () => {
        const { done, value } = await source.read();
        if (done) return controller.close();
        total += value.byteLength;
        if (total > MAX_REQUEST_BYTES) {
          over = true;
          controller.error(tooLarge());
          return;
        }
        controller.enqueue(value);
      })();
      return pending;
    },
    cancel(reason) {
      return source.cancel(reason);
    },
  });

  let file: UploadForm["file"] = null;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    const isFile = name === "file" && filename !== undefined;
    const limit = isFile ? limits.maxBytes : MAX_FIELD_BYTES;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > limit) {
        over = isFile || over;
        throw isFile ? tooLarge() : new ApiError(400, "invalid_input", `The field ${name} is too long.`);
      }
      chunks.push(chunk);
    }
    const bytes = Buffer.concat(chunks);
    if (name === "file" && filename !== undefined) {
      if (filename && bytes.length) file = { filename: filename.slice(0, 200), bytes };
      return undefined;
    }
    return bytes.toString("utf8");
  };

  const parsed = new Request(request.url, { method: "POST", headers: request.headers, body: counted, duplex: "half" } as RequestInit);
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(parsed, handler);
  } catch (e) {
    if (over || (e instanceof ApiError && e.status === 413)) {
      await (pending as Promise<void> | null)?.catch(() => undefined);
      await new Promise((r) => setImmediate(r));
      await drain(source, total);
      throw tooLarge();
    }
    if (e instanceof ApiError) throw e;
    throw new ApiError(400, "invalid_input", "The upload could not be read. Please try again.", { file: "could not be read" });
  }
  const fields: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !(k in fields)) fields[k] = v;
  return { fields, file, form };
}
