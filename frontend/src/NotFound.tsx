import { Link } from "react-router-dom";

export function NotFound({ what }: { what: string }) {
  return (
    <section className="not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">Not found</h1>
      <p>There is no such {what}, or it is not one of yours.</p>
      <Link to="/">Back to my accounts</Link>
    </section>
  );
}
