// Saved budgets: yours, and — for a connector — those of the people you work with, grouped by
// person (people-worked-with.server.ts: linked to any of their profiles). Personal data: never cached.
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import budgetStyles from "~/components/budget.css";
import { formatPence } from "~/core/budget";
import { requirePageUser } from "~/server/auth.server";
import { listBudgets, listBudgetsOfPeopleWorkedWith, type SavedBudget } from "~/features/budget/budgets.server";
import { getContext } from "~/server/context.server";
import { PRIVATE } from "~/server/http.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: budgetStyles }];
export const meta: MetaFunction = () => [{ title: "Saved budgets — Real Wealth" }];
export const headers: HeadersFunction = () => PRIVATE;

const row = (b: SavedBudget) => ({ id: b.id, name: b.name, version: b.version_id, per_year: b.result.indicative_budget.per_year_pence, updated_at: b.updated_at });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePageUser(request);
  const { db } = await getContext();
  return json(
    {
      connector: user.role === "connector",
      budgets: (await listBudgets(db, user)).map(row),
      people: (await listBudgetsOfPeopleWorkedWith(db, user)).map((g) => ({ id: g.person.id, name: g.person.name, budgets: g.budgets.map(row) })),
    },
    { headers: PRIVATE },
  );
}

function BudgetList({ budgets }: { budgets: ReturnType<typeof row>[] }) {
  return (
    <ul>
      {budgets.map((b) => (
        <li key={b.id}>
          <a href={`/budget/saved/${b.id}`}>{b.name}</a>: {b.per_year === null ? "panel review" : `${formatPence(b.per_year)} a year`} (version {b.version})
        </li>
      ))}
    </ul>
  );
}

export default function SavedBudgets() {
  const { connector, budgets, people } = useLoaderData<typeof loader>();
  return (
    <div>
      <p className="breadcrumb">
        <a href="/budget">Budget calculator</a>
      </p>
      <h1>Saved budgets</h1>
      <section aria-labelledby="yours-title">
        <h2 id="yours-title">Yours</h2>
        {budgets.length ? (
          <BudgetList budgets={budgets} />
        ) : (
          <p>
            You have not saved a budget yet. <a href="/budget">Start the budget calculator</a>.
          </p>
        )}
      </section>
      {connector ? (
        <section aria-labelledby="people-title">
          <h2 id="people-title">People you work with</h2>
          {people.length ? (
            <>
              <p>
                The budgets of the people whose profiles you are linked to. To save a new one for someone, work it out with them in the{" "}
                <a href="/budget">budget calculator</a> and choose them under “Who is this budget for?”.
              </p>
              {people.map((p) => (
                <section key={p.id} aria-labelledby={`person-${p.id}`}>
                  <h3 id={`person-${p.id}`}>{p.name}</h3>
                  {p.budgets.length ? <BudgetList budgets={p.budgets} /> : <p>No saved budget yet.</p>}
                </section>
              ))}
            </>
          ) : (
            <p>
              You are not linked to anyone's profile yet. When you are (see <a href="/profiles">profiles</a>), their saved budgets show here.
            </p>
          )}
        </section>
      ) : null}
    </div>
  );
}
