import "@copilotkit/react-core/v2/styles.css";
import "./app.css";

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Link, Route, Routes } from "react-router-dom";

import { session } from "./api";
import { AccountPage } from "./AccountPage";
import { AccountsPage } from "./AccountsPage";

function Shell() {
  return (
    <>
      <header className="topbar">
        <Link to="/" className="brand">
          Sergas Account Copilot
        </Link>
        <nav aria-label="Account">
          <span>{session.user}</span>
          {session.staff && <a href={session.adminUrl}>Admin</a>}
          <form method="post" action={session.logoutUrl}>
            <input type="hidden" name="csrfmiddlewaretoken" value={document.cookie.match(/csrftoken=([^;]*)/)?.[1] ?? ""} />
            <button type="submit" className="link">
              Log out
            </button>
          </form>
        </nav>
      </header>
      <main>
        <Routes>
          <Route path="/" element={<AccountsPage />} />
          <Route path="/accounts/:externalId" element={<AccountPage />} />
          <Route path="*" element={<NotFound what="page" />} />
        </Routes>
      </main>
    </>
  );
}

export function NotFound({ what }: { what: string }) {
  return (
    <section className="not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">Not found</h1>
      <p>There is no such {what}, or it is not one of yours.</p>
      <Link to="/">Back to my accounts</Link>
    </section>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <BrowserRouter basename="/app">
      <Shell />
    </BrowserRouter>
  </StrictMode>,
);
