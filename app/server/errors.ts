// One error shape for the JSON API (CONTRACTS): {"error": {"code", "message", "fields"}}.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    /** Seconds, for 429 answers. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string, fields?: Record<string, string>) {
  return { error: { code, message, ...(fields ? { fields } : {}) } };
}

/** A message that names every bad field: "radius_km must be ...; kind unknown ...". */
export function describeFields(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k} ${v}`)
    .join("; ");
}

export function badRequest(fields: Record<string, string>, code = "invalid_parameters"): ApiError {
  return new ApiError(400, code, `Please check: ${describeFields(fields)}.`, fields);
}

/** 404, with the same words whether the thing is missing or the caller may not see it. */
export function notFound(message = "There is nothing here, or you cannot see it."): ApiError {
  return new ApiError(404, "not_found", message);
}

/** 409: the record changed since the caller read it. Carries the current record. */
export class ConflictError extends ApiError {
  constructor(
    readonly current: unknown,
    message = "Someone else saved a change to this record since you opened it.",
  ) {
    super(409, "version_conflict", message, { version: "is not the latest version" });
  }
}
