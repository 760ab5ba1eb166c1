// The POST half of the asset form pages (/connect/assets/new and /assets/:id/edit): check the
// CSRF token, save, and either redirect to the detail page with a "Saved" notice or answer
// with the errors (or the conflict) and everything that was typed.
import crypto from "node:crypto";
import { json, redirect } from "@remix-run/node";
import { readAssetForm, type AssetFormValues } from "../../core/asset-form";
import type { User } from "../accounts/users.data.server";
import { verifyCsrf } from "../../server/csrf.server";
import { getContext } from "../../server/context.server";
import { ApiError } from "../../server/errors";
import { readFormBody } from "../../server/forms.server";
import { pageError } from "../../server/page-actions.server";
import { saveAssetForm, type ConflictView } from "./save-asset-form.server";

export interface AssetFormActionData {
  errors: Record<string, string>;
  values: AssetFormValues;
  conflict: ConflictView | null;
  /** The version the form carries from now on (after a conflict: the current one). */
  version: number | null;
  /** Changes on every answer, so the form re-renders with these values. */
  key: string;
}

export async function handleAssetFormPost(request: Request, user: User, id: string | null) {
  const form = await readFormBody(request).catch(pageError);
  const values = readAssetForm(form);
  const rawVersion = form.get("version");
  const version = typeof rawVersion === "string" && /^\d{1,9}$/.test(rawVersion) ? Number(rawVersion) : null;
  const answer = (status: number, errors: Record<string, string>, conflict: ConflictView | null = null, headers: HeadersInit = {}) =>
    json<AssetFormActionData>(
      { errors, values, conflict, version: conflict ? conflict.version : version, key: crypto.randomUUID() },
      { status, headers },
    );
  if (!verifyCsrf(request, form)) {
    return answer(403, { _: "This form has expired. Your changes are still here: please save again." });
  }
  if (id && version === null) return answer(400, { _: "The form is missing the record's version. Please open the edit page again." });
  try {
    const result = await saveAssetForm(await getContext(), user, id, values, id ? version : null);
    if (!result.ok) return answer(result.status, result.errors, result.conflict ?? null);
    const notice = !id ? "created" : result.unchanged ? "unchanged" : "saved";
    return redirect(`/assets/${result.id}?done=${notice}`, 303);
  } catch (e) {
    if (e instanceof ApiError && e.status !== 404) {
      return answer(e.status, { _: e.message }, null, e.retryAfter ? { "Retry-After": String(e.retryAfter) } : {});
    }
    if (e instanceof ApiError) throw new Response(e.message, { status: 404 });
    throw e;
  }
}
