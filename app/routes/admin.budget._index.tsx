// Admin: the budget calculator's versions. A new version is always a copy of an existing one;
// published versions never change. Admins only ("budget:configure").
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import budgetStyles from "~/components/budget.css";
import { CsrfField, ErrorSummary } from "~/components/forms";
import { requirePageUser } from "~/server/auth.server";
import { createDraft, listVersions } from "~/features/budget/budget-versions.server";
import { getContext } from "~/server/context.server";
import { readForm, str } from "~/server/forms.server";
import { formAction } from "~/server/page-actions.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: budgetStyles }];
export const meta: MetaFunction = () => [{ title: "Budget calculator versions — Admin — Real Wealth" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePageUser(request, "budget:configure");
  const { db } = await getContext();
  return {
    versions: (await listVersions(db)).map((v) => ({ id: v.id, title: v.config.title, status: v.status, based_on: v.based_on, published_at: v.published_at, budgets: v.budgets, method: v.config.conversion.method })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePageUser(request, "budget:configure");
  return formAction(async () => {
    const form = await readForm(request);
    const { db } = await getContext();
    const v = await createDraft(db, user, str(form, "from"));
    return redirect(`/admin/budget/${v.id}`);
  });
}

export default function AdminBudget() {
  const { versions } = useLoaderData<typeof loader>();
  const errors = useActionData<{ errors?: Record<string, string> }>()?.errors;
  return (
    <div>
      <h1>Budget calculator versions</h1>
      <p>
        Published versions never change, so every estimate and saved budget can always be explained. To change points, rates,
        bands or the threshold, make a new version as a copy, edit the draft, then publish it. New estimates use the latest
        published version; budgets already saved keep theirs.
      </p>
      <ErrorSummary errors={errors} labels={{ from: "Copy of" }} />
      <div className="table-scroll">
        <table className="working">
          <caption className="visually-hidden">Versions</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Questionnaire</th>
              <th scope="col">Status</th>
              <th scope="col">Money rule</th>
              <th scope="col">Copy of</th>
              <th scope="col" className="num">Saved budgets</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id}>
                <th scope="row">
                  <a href={`/admin/budget/${v.id}`}>{v.id}</a>
                </th>
                <td>{v.title}</td>
                <td>{v.status === "published" ? `Published ${v.published_at?.slice(0, 10)}` : "Draft (not used yet)"}</td>
                <td>{v.method === "bands" ? "Band table" : "Price per point"}</td>
                <td>{v.based_on ?? "—"}</td>
                <td className="num">{v.budgets}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Make a new version</h2>
      <Form method="post">
        <CsrfField />
        <div className="field narrow" id="f-from">
          <label htmlFor="from-select">Copy of</label>
          <select id="from-select" name="from" defaultValue={versions[0]?.id}>
            {versions.map((v) => (
              <option key={v.id} value={v.id}>
                {v.id} ({v.status})
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Make a draft copy</button>
      </Form>
    </div>
  );
}
