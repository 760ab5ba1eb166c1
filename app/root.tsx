import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError, useRouteLoaderData } from "@remix-run/react";
import styles from "./styles.css";
import { getConfig } from "./config.server";
import { currentUser } from "./server/auth.server";
import { csrfToken } from "./server/csrf.server";
import { can } from "./core/access-policy";
import { useNonce } from "./components/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='7' fill='%23005a4e'/%3E%3C/svg%3E" },
];

export const meta: MetaFunction = () => [
  { title: "Real Wealth — what your community has to offer" },
  { name: "description", content: "Find community groups, services, Changing Places toilets and more near you in Trafford." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const c = getConfig();
  const user = await currentUser(request);
  return {
    tileUrl: c.tileUrl,
    tileAttribution: c.tileAttribution,
    csrf: csrfToken(request),
    user: user ? { id: user.id, name: user.name, email: user.email, role: user.role } : null,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function useRootData(): RootData | undefined {
  return useRouteLoaderData<typeof loader>("root") as RootData | undefined;
}

function UserNav() {
  const root = useRootData();
  const user = root?.user;
  if (!user) {
    return (
      <li>
        <a href="/signin">Sign in</a>
      </li>
    );
  }
  return (
    <>
      <li>
        <NavLink to="/profiles">Profiles and plans</NavLink>
      </li>
      {can(user.role, "review:dashboard") ? (
        <li>
          <NavLink to="/connect">Connector dashboard</NavLink>
        </li>
      ) : null}
      {can(user.role, "budget:configure") ? (
        <li>
          <NavLink to="/admin/budget">Budget versions</NavLink>
        </li>
      ) : null}
      {can(user.role, "user:manage") ? (
        <li>
          <NavLink to="/admin/users">Users</NavLink>
        </li>
      ) : null}
      <li>
        <form method="post" action="/signout" className="user-nav">
          <input type="hidden" name="csrf" value={root?.csrf ?? ""} />
          <span>{user.name || user.email}</span>
          <button type="submit" className="link-button">
            Sign out
          </button>
        </form>
      </li>
    </>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to main content
        </a>
        <header className="site-header">
          <div className="wrap header-inner">
            <a className="brand" href="/">
              Real Wealth <span className="brand-area">Trafford</span>
            </a>
            <nav aria-label="Main">
              <ul className="nav-list">
                <li>
                  <NavLink to="/" end>
                    Find local support
                  </NavLink>
                </li>
                <li>
                  <a href="/?kind=changing_places_toilet&amp;access=changing_places">Changing Places toilets</a>
                </li>
                <li>
                  <NavLink to="/budget">Budget calculator</NavLink>
                </li>
                <li>
                  <NavLink to="/about">About and data</NavLink>
                </li>
                <UserNav />
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" tabIndex={-1} className="wrap">
          {children}
        </main>
        <footer className="site-footer">
          <div className="wrap">
            <p>
              Real Wealth helps people find what their community has to offer. Information comes from open data and local
              connectors; please check with a place before you travel. <a href="/about">Where our data comes from</a>. Know
              something we have missed? <a href="/suggest">Suggest a listing</a>.
            </p>
            <p className="footer-attribution">
              Contains public sector information licensed under the Open Government Licence v3.0. Contains OS data © Crown
              copyright and database right 2025; Contains Royal Mail data © Royal Mail copyright and database right 2025;
              Contains National Statistics data © Crown copyright and database right 2025. Toilets data © OpenStreetMap
              contributors (ODbL). Each page lists the sources of what it shows; <a href="/about#sources">all sources and
              licences</a>.
            </p>
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = isRouteErrorResponse(error)
    ? typeof error.data === "string"
      ? error.data
      : error.statusText
    : "Something went wrong on our side. Please try again.";
  return (
    <section aria-labelledby="error-title">
      <h1 id="error-title">{status === 404 ? "Page not found" : "Sorry, there is a problem"}</h1>
      <p>{message}</p>
      <p>
        <a href="/">Go to the search page</a>
      </p>
    </section>
  );
}
