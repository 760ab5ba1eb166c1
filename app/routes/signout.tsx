import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { revokeSession } from "~/features/accounts/sessions.server";
import { SESSION_COOKIE, clearSessionCookie, readCookie } from "~/server/cookies.server";
import { getContext } from "~/server/context.server";
import { readForm } from "~/server/forms.server";
import { formAction } from "~/server/page-actions.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  return formAction(async () => {
    await readForm(request);
    const token = readCookie(request, SESSION_COOKIE);
    if (token) await revokeSession((await getContext()).db, token);
    return redirect("/", { headers: { "Set-Cookie": clearSessionCookie(request) } });
  });
}
