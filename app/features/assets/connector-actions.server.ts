// The detail page's connector buttons: verify, archive, unarchive (POST with the CSRF token).
import { json, redirect } from "@remix-run/node";
import type { Action } from "../../core/access-policy";
import { requirePageUser } from "../../server/auth.server";
import { verifyCsrf } from "../../server/csrf.server";
import { getContext } from "../../server/context.server";
import { ApiError, ConflictError } from "../../server/errors";
import { readFormBody } from "../../server/forms.server";
import { pageError } from "../../server/page-actions.server";
import { setArchived, verifyAsset } from "./lifecycle.server";

const PERMISSION: Record<string, Action> = { verify: "asset:verify", archive: "asset:archive", unarchive: "asset:archive" };

export async function handleConnectorAction(request: Request, id: string) {
  // Sign-in first (anonymous → the sign-in page); the intent decides the permission.
  await requirePageUser(request);
  const form = await readFormBody(request).catch(pageError);
  const intent = String(form.get("intent") ?? "");
  const permission = PERMISSION[intent];
  if (!permission) return json({ connectorError: "Unknown action." }, { status: 400 });
  const user = await requirePageUser(request, permission);
  if (!verifyCsrf(request, form)) return json({ connectorError: "This form has expired. Please reload the page and try again." }, { status: 403 });
  const raw = Number(form.get("version"));
  const version = Number.isInteger(raw) && raw >= 1 ? raw : undefined;
  const ctx = await getContext();
  try {
    if (intent === "verify") await verifyAsset(ctx, user, id, version);
    else await setArchived(ctx, user, id, intent === "archive", version);
  } catch (e) {
    if (e instanceof ConflictError) {
      return json({ connectorError: "Someone else changed this asset since you opened the page. The page now shows their version: check it and try again." }, { status: 409 });
    }
    if (e instanceof ApiError) {
      if (e.status === 404) throw new Response(e.message, { status: 404 });
      return json({ connectorError: e.message }, { status: e.status });
    }
    throw e;
  }
  const done = intent === "verify" ? "verified" : intent === "archive" ? "archived" : "unarchived";
  return redirect(`/assets/${id}?done=${done}`, 303);
}
