// /assets/:id/edit: a connector edits an asset. The form carries the version it was opened at;
// saving over someone else's newer change shows the conflict instead (never a silent overwrite).
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import leafletCss from "leaflet/dist/leaflet.css";
import connectCss from "~/components/connect.css";
import { inputToFormValues } from "~/core/asset-form";
import { loadAssetInput } from "~/features/assets/stored-asset.server";
import { handleAssetFormPost, type AssetFormActionData } from "~/features/assets/asset-form-page.server";
import { requirePageUser } from "~/server/auth.server";
import { getContext } from "~/server/context.server";
import { AssetForm } from "~/components/AssetForm";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: leafletCss },
  { rel: "stylesheet", href: connectCss },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Edit ${data.name} — Real Wealth` : "Not found — Real Wealth" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePageUser(request, "asset:edit");
  const { db } = await getContext();
  const stored = await loadAssetInput(db, params.id ?? "");
  if (!stored) throw new Response("We could not find that listing.", { status: 404 });
  return json({
    id: stored.input.id as string,
    name: stored.input.name,
    status: stored.input.status,
    version: stored.version,
    publishedHours: stored.input.opening_hours_text,
    values: inputToFormValues(stored.input),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePageUser(request, "asset:edit");
  return handleAssetFormPost(request, user, params.id ?? "");
}

export default function EditAsset() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<AssetFormActionData>();
  const detail = `/assets/${data.id}`;
  return (
    <div>
      <p className="breadcrumb">
        <a href={detail}>Back to {data.name}</a>
      </p>
      <h1>Edit {data.name}</h1>
      {data.status === "archived" ? (
        <p className="notice">This asset is archived (marked as closed), so it is not in search. Editing it does not bring it back.</p>
      ) : null}
      <p>
        Changes are public as soon as you save. Every change is kept in the <a href={`${detail}/history`}>history</a> and can be undone.
      </p>
      <AssetForm
        values={answer?.values ?? data.values}
        errors={answer?.errors}
        version={answer?.version ?? data.version}
        conflict={answer?.conflict}
        submitLabel="Save changes"
        cancelHref={detail}
        publishedHours={data.publishedHours}
        formKey={answer?.key}
      />
    </div>
  );
}
