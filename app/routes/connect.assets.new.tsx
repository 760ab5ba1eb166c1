// /connect/assets/new: a connector adds an asset (works without JavaScript).
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import leafletCss from "leaflet/dist/leaflet.css";
import connectCss from "~/components/connect.css";
import { emptyFormValues } from "~/core/asset-form";
import { requirePageUser } from "~/server/auth.server";
import { handleAssetFormPost, type AssetFormActionData } from "~/features/assets/asset-form-page.server";
import { AssetForm } from "~/components/AssetForm";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: leafletCss },
  { rel: "stylesheet", href: connectCss },
];

export const meta: MetaFunction = () => [{ title: "Add a community asset — Real Wealth" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePageUser(request, "asset:create");
  return json(null);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePageUser(request, "asset:create");
  return handleAssetFormPost(request, user, null);
}

export default function NewAsset() {
  const data = useActionData<AssetFormActionData>();
  return (
    <div>
      <p className="breadcrumb">
        <a href="/connect">Back to the connector dashboard</a>
      </p>
      <h1>Add a community asset</h1>
      <p className="lead">
        A group, a place, a service or a person offering support locally. Only the kind, the name and where it is are needed;
        add what you know.
      </p>
      <AssetForm
        values={data?.values ?? emptyFormValues()}
        errors={data?.errors}
        version={null}
        submitLabel="Save the new asset"
        cancelHref="/connect"
        formKey={data?.key}
      />
    </div>
  );
}
