import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import budgetStyles from "~/components/budget.css";
import { formatPence } from "~/core/budget";
import { requirePageUser } from "~/services/auth.server";
import { listBudgets } from "~/services/budget.server";
import { getContext } from "~/services/context.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: budgetStyles }];
export const meta: MetaFunction = () => [{ title: "Your saved budgets — Real Wealth" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePageUser(request);
  const { db } = await getContext();
  return {
    budgets: listBudgets(db, user).map((b) => ({ id: b.id, name: b.name, version: b.version_id, per_year: b.result.indicative_budget.per_year_pence, updated_at: b.updated_at })),
  };
}

export default function SavedBudgets() {
  const { budgets } = useLoaderData<typeof loader>();
  return (
    <div>
      <p className="breadcrumb">
        <a href="/budget">Budget calculator</a>
      </p>
      <h1>Your saved budgets</h1>
      {budgets.length ? (
        <ul>
          {budgets.map((b) => (
            <li key={b.id}>
              <a href={`/budget/saved/${b.id}`}>{b.name}</a>: {b.per_year === null ? "panel review" : `${formatPence(b.per_year)} a year`} (version {b.version})
            </li>
          ))}
        </ul>
      ) : (
        <p>
          You have not saved a budget yet. <a href="/budget">Start the budget calculator</a>.
        </p>
      )}
    </div>
  );
}
