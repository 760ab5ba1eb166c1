// /assets/:id/photos (connectors and admins): add photos to an asset, each with a description
// for people who cannot see it, and remove them. Plain forms; they work without JavaScript.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ALT_MAX, PHOTO_MAX_PER_ASSET } from "~/core/photos";
import { listingName } from "~/features/directory/asset-names.server";
import { PHOTO_UPLOAD_LIMITS, addPhoto, listPhotos, removePhoto } from "~/features/photos/photos.server";
import { readUploadForm } from "~/server/upload.server";
import { requirePageUser } from "~/server/auth.server";
import { verifyCsrf } from "~/server/csrf.server";
import { getContext } from "~/server/context.server";
import { ApiError } from "~/server/errors";
import { readForm, str } from "~/server/forms.server";
import { formAction } from "~/server/page-actions.server";
import { LIMITS, enforce } from "~/server/rate-limit.server";
import { CsrfField, ErrorSummary } from "~/components/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Photos of ${data?.asset.name ?? "an asset"} — Real Wealth` }];

async function assetOr404(id: string) {
  const { db } = await getContext();
  const asset = await listingName(db, id);
  if (!asset) throw new Response("We could not find that listing.", { status: 404 });
  return { db, asset };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePageUser(request, "asset:edit");
  const { db, asset } = await assetOr404(params.id ?? "");
  return json({ asset, photos: await listPhotos(db, asset.id), done: new URL(request.url).searchParams.get("done") });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePageUser(request, "asset:edit");
  const { db, asset } = await assetOr404(params.id ?? "");
  const values: Record<string, string> = {};
  return formAction(async () => {
    enforce(`writes:user:${user.id}`, LIMITS.writesPerUser, "changes in a short time");
    if (/^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "")) {
      const { file, form, fields } = await readUploadForm(request, PHOTO_UPLOAD_LIMITS);
      if (!verifyCsrf(request, form)) throw new ApiError(403, "csrf", "This form has expired. Please go back, reload the page and try again.");
      values.alt = fields.alt ?? "";
      await addPhoto(db, asset.id, user.id, file, fields.alt ?? "");
      return redirect(`/assets/${asset.id}/photos?done=added`);
    }
    const form = await readForm(request);
    if (str(form, "intent") !== "remove" || !(await removePhoto(db, asset.id, str(form, "photo")))) {
      throw new ApiError(404, "not_found", "That photo was not found. It may have been removed already.");
    }
    return redirect(`/assets/${asset.id}/photos?done=removed`);
  }, values);
}

export default function AssetPhotos() {
  const { asset, photos, done } = useLoaderData<typeof loader>();
  const data = useActionData<{ errors?: Record<string, string>; values?: Record<string, string> }>();
  const errors = data?.errors;
  const full = photos.length >= PHOTO_MAX_PER_ASSET;
  return (
    <div>
      <p className="breadcrumb">
        <a href={`/assets/${asset.id}`}>Back to {asset.name}</a>
      </p>
      <h1>Photos of {asset.name}</h1>
      {done ? (
        <p className="notice" role="status">
          {done === "added" ? "Photo added. It shows on the listing now." : "Photo removed."}
        </p>
      ) : null}
      <p>Photos are optional. A photo of the entrance, the room or the accessible toilet helps people know what to expect.</p>
      <ErrorSummary errors={errors} labels={{ file: "Photo", alt: "Description" }} />
      {photos.length ? (
        <ul className="photo-list">
          {photos.map((p) => (
            <li key={p.id}>
              <figure>
                <img src={p.url} alt={p.alt} width={240} />
                <figcaption>{p.alt}</figcaption>
              </figure>
              <Form method="post">
                <CsrfField />
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="photo" value={p.id} />
                <button type="submit" className="secondary">
                  Remove<span className="visually-hidden"> the photo: {p.alt}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p>There are no photos yet.</p>
      )}
      <h2>Add a photo</h2>
      {full ? (
        <p>This listing has {PHOTO_MAX_PER_ASSET} photos, the most it can have. Remove one to add another.</p>
      ) : (
        <Form method="post" encType="multipart/form-data" noValidate className="narrow-form">
          <CsrfField />
          <div className={`field${errors?.file ? " field-error" : ""}`}>
            <label htmlFor="f-file">Photo</label>
            <span className="hint" id="f-file-hint">
              A JPEG, PNG or WebP image of at most 5 MB. Only use photos you may share, and no faces without permission.
            </span>
            {errors?.file ? (
              <span className="error-message" id="f-file-error">
                <span className="visually-hidden">Error:</span> {errors.file}
              </span>
            ) : null}
            <input
              id="f-file"
              name="file"
              type="file"
              accept="image/jpeg,image/png,image/webp"
              aria-describedby={errors?.file ? "f-file-hint f-file-error" : "f-file-hint"}
              aria-invalid={errors?.file ? true : undefined}
            />
          </div>
          <div className={`field${errors?.alt ? " field-error" : ""}`}>
            <label htmlFor="f-alt">Description of the photo</label>
            <span className="hint" id="f-alt-hint">
              What a screen reader will say, for example “The step-free entrance, with automatic doors”.
            </span>
            {errors?.alt ? (
              <span className="error-message" id="f-alt-error">
                <span className="visually-hidden">Error:</span> {errors.alt}
              </span>
            ) : null}
            <input
              id="f-alt"
              name="alt"
              type="text"
              maxLength={ALT_MAX}
              defaultValue={data?.values?.alt}
              aria-describedby={errors?.alt ? "f-alt-hint f-alt-error" : "f-alt-hint"}
              aria-invalid={errors?.alt ? true : undefined}
            />
          </div>
          <button type="submit">Add the photo</button>
        </Form>
      )}
    </div>
  );
}
