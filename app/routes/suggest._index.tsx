// /suggest: anyone (signed in or not) can suggest a new listing. It waits for a connector.
import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { currentUser } from "~/server/auth.server";
import { clientIp } from "~/server/client-ip.server";
import { getContext } from "~/server/context.server";
import { readForm, str } from "~/server/forms.server";
import { formAction } from "~/server/page-actions.server";
import { createSuggestion } from "~/features/suggestions/submit.server";
import { SuggestionForm } from "~/components/SuggestionForm";

export const meta: MetaFunction = () => [{ title: "Suggest a listing — Real Wealth" }];

const SUGGESTION_FIELDS = ["message", "name", "postcode", "when", "contact_email"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const values: Record<string, string> = {};
  return formAction(async () => {
    const form = await readForm(request, { honeypot: true });
    for (const f of SUGGESTION_FIELDS) values[f] = str(form, f);
    await createSuggestion(await getContext(), values, { user: await currentUser(request), ip: clientIp(context) });
    return redirect("/suggest/thanks");
  }, values);
}

export default function Suggest() {
  const data = useActionData<{ errors?: Record<string, string>; values?: Record<string, string> }>();
  return (
    <div>
      <h1>Suggest a listing</h1>
      <p className="lead">
        Do you know a group, activity, place or service that should be in the directory? Tell us about it. It does not need
        to be complete: a connector will check it and fill in the rest.
      </p>
      <SuggestionForm mode="new" errors={data?.errors} values={data?.values} />
    </div>
  );
}
