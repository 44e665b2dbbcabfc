import "./app.css";

import { StrictMode, Suspense, lazy } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Link, Route, Routes } from "react-router-dom";

import { session } from "./api";
import { AccountsPage } from "./AccountsPage";
import { NotFound } from "./NotFound";

// The list is the first page; an account (and its copilot), the actions and the settings load when opened.
const AccountPage = lazy(() => import("./AccountPage").then((module) => ({ default: module.AccountPage })));
const MyActionsPage = lazy(() => import("./actions/MyActionsPage").then((module) => ({ default: module.MyActionsPage })));
const SettingsPage = lazy(() => import("./SettingsPage").then((module) => ({ default: module.SettingsPage })));

function Shell() {
  return (
    <>
      <header className="topbar">
        <Link to="/" className="brand">
          Sergas Account Copilot
        </Link>
        <nav aria-label="Account">
          <span>{session.user}</span>
          <Link to="/actions">My actions</Link>
          <Link to="/settings">Settings</Link>
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
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <Routes>
          <Route path="/" element={<AccountsPage />} />
          <Route path="/accounts/:externalId" element={<AccountPage />} />
          <Route path="/actions" element={<MyActionsPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="*" element={<NotFound what="page" />} />
          </Routes>
        </Suspense>
      </main>
    </>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <BrowserRouter basename="/app">
      <Shell />
    </BrowserRouter>
  </StrictMode>,
);
