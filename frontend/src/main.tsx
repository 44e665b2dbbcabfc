import "@copilotkit/react-core/v2/styles.css";
import "./app.css";

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Link, Route, Routes } from "react-router-dom";

import { session } from "./api";
import { AccountPage } from "./AccountPage";
import { AccountsPage } from "./AccountsPage";
import { NotFound } from "./NotFound";
import { SettingsPage } from "./SettingsPage";

function Shell() {
  return (
    <>
      <header className="topbar">
        <Link to="/" className="brand">
          Sergas Account Copilot
        </Link>
        <nav aria-label="Account">
          <span>{session.user}</span>
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
        <Routes>
          <Route path="/" element={<AccountsPage />} />
          <Route path="/accounts/:externalId" element={<AccountPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="*" element={<NotFound what="page" />} />
        </Routes>
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
