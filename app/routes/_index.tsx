export default function Index() {
  return <h1>Real Wealth</h1>;
}
