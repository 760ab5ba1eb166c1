import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { dataSources } from "~/features/directory/about.server";
import { getContext } from "~/server/context.server";
import { POSTCODE_ATTRIBUTION } from "~/features/postcodes/geocode.server";

export const meta: MetaFunction = () => [{ title: "About Real Wealth and where our data comes from — Real Wealth" }];

export async function loader(_: LoaderFunctionArgs) {
  const { db } = await getContext();
  const { datasets, counts } = await dataSources(db);
  return json({ datasets, counts });
}

export default function About() {
  const { datasets, counts } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>About Real Wealth</h1>
      <p className="lead">
        Real Wealth is a map and list of what a community has to offer: groups and clubs, small local businesses, services
        for everyone such as libraries and leisure centres, Changing Places toilets and places to earn and spend time
        credits.
      </p>
      <p>
        It is built on the idea that people who need extra support should be helped first to use the wealth of their own
        lives and of their community, with specialist services and personal budgets as back-up. That is why community and
        everyday options come first here.
      </p>
      <h2>Example listings</h2>
      <p>
        There is no open data yet for Changing Places toilets, time-credit schemes or micro-enterprises in Trafford. To show
        how these work, the demo includes a few made-up listings. Each one is clearly marked “Example listing”.
      </p>
      <h2 id="sources">Where our data comes from</h2>
      <p>We use open data. These are the sources, with the attribution their licences ask for.</p>
      <table className="hours-table">
        <caption className="visually-hidden">Data sources</caption>
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Attribution</th>
            <th scope="col">Licence</th>
            <th scope="col">Listings</th>
          </tr>
        </thead>
        <tbody>
          {datasets.map((d) => (
            <tr key={d.source}>
              <td>{d.title}</td>
              <td>{d.attribution}</td>
              <td>{d.licence}</td>
              <td>{counts[d.source] ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Postcodes</h3>
      <p>{POSTCODE_ATTRIBUTION}</p>
      <h3>Map</h3>
      <p>
        Map tiles and toilets data from OpenStreetMap: © OpenStreetMap contributors (data available under the Open
        Database Licence, https://www.openstreetmap.org/copyright).
      </p>
      <h3>Open Referral</h3>
      <p>Human Services Data Specification: an Open Referral resource (CC BY-SA 4.0).</p>
    </>
  );
}
