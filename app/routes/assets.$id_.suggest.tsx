// /assets/:id/suggest: anyone can suggest a correction to a listing ("Suggest a change" on the
// detail page). Nothing changes until a connector approves it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { currentUser } from "~/server/auth.server";
import { clientIp } from "~/server/client-ip.server";
import { getContext } from "~/server/context.server";
import { readForm, str } from "~/server/forms.server";
import { formAction } from "~/server/page-actions.server";
import { listingName } from "~/features/directory/asset-names.server";
import { createSuggestion } from "~/features/suggestions/submit.server";
import { SuggestionForm } from "~/components/SuggestionForm";

const FIELDS = ["message", "name", "postcode", "when", "contact_email"] as const;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Suggest a change to ${data.asset.name} — Real Wealth` : "Not found — Real Wealth" },
];

export async function loader({ params }: LoaderFunctionArgs) {
  const { db } = await getContext();
  const asset = await listingName(db, params.id ?? "");
  if (!asset) throw new Response("We could not find that listing. It may have been removed.", { status: 404 });
  return json({ asset });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const values: Record<string, string> = {};
  return formAction(async () => {
    const ctx = await getContext();
    if (!(await listingName(ctx.db, params.id ?? ""))) throw new Response("We could not find that listing. It may have been removed.", { status: 404 });
    const form = await readForm(request, { honeypot: true });
    for (const f of FIELDS) values[f] = str(form, f);
    await createSuggestion(ctx, { ...values, asset_id: params.id }, { user: await currentUser(request), ip: clientIp(context) });
    return redirect(`/suggest/thanks?asset=${encodeURIComponent(params.id ?? "")}`);
  }, values);
}

export default function SuggestChange() {
  const { asset } = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Record<string, string>; values?: Record<string, string> }>();
  return (
    <div>
      <p className="breadcrumb">
        <a href={`/assets/${asset.id}`}>Back to {asset.name}</a>
      </p>
      <h1>Suggest a change to {asset.name}</h1>
      <p className="lead">Tell us what is wrong or out of date. You only need to fill in what you know.</p>
      <SuggestionForm mode="correction" errors={data?.errors} values={data?.values} />
    </div>
  );
}
