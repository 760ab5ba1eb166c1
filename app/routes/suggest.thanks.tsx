// /suggest/thanks: after a suggestion is sent.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { listingName } from "~/features/directory/asset-names.server";
import { getContext } from "~/server/context.server";

export const meta: MetaFunction = () => [{ title: "Thank you — Real Wealth" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const id = new URL(request.url).searchParams.get("asset");
  let asset: { id: string; name: string } | null = null;
  if (id && /^[0-9a-f-]{36}$/i.test(id)) {
    const { db } = await getContext();
    asset = await listingName(db, id);
  }
  return json({ asset });
}

export default function Thanks() {
  const { asset } = useLoaderData<typeof loader>();
  return (
    <div className="narrow-form">
      <h1>Thank you</h1>
      <div className="panel" role="status">
        <p>We have your suggestion. A connector will check it before anything changes in the directory.</p>
      </div>
      <p>This usually takes a few days. If you gave your email address, they may contact you with a question.</p>
      <ul>
        {asset ? (
          <li>
            <a href={`/assets/${asset.id}`}>Back to {asset.name}</a>
          </li>
        ) : null}
        <li>
          <a href="/suggest">Suggest something else</a>
        </li>
        <li>
          <a href="/">Back to search</a>
        </li>
      </ul>
    </div>
  );
}
