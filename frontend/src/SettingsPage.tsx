import { useEffect, useState } from "react";

import { ApiError, type Preferences, api } from "./api";

const PREFERENCES = "/api/me/preferences/";

/** The manager's own settings: the morning brief on or off (hidden where the server has no preferences). */
export function SettingsPage() {
  const [preferences, setPreferences] = useState<Preferences | null | "absent">(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState("");
  const [saved, setSaved] = useState("");

  useEffect(() => {
    api<Preferences>(PREFERENCES)
      .then(setPreferences)
      .catch((failure) => {
        if (failure instanceof ApiError && failure.status === 404) setPreferences("absent");
        else setError((failure as Error).message);
      });
  }, []);

  async function toggle(briefs: boolean) {
    const previous = preferences;
    setPreferences({ briefs }); // shown at once; put back if the server refuses it
    setSaving(true);
    setError("");
    setSaved("");
    try {
      const updated = await api<Preferences>(PREFERENCES, { method: "PATCH", body: { briefs } });
      setPreferences(updated);
      setSaved(updated.briefs ? "You will get the morning brief." : "You will not get the morning brief.");
    } catch (failure) {
      setPreferences(previous);
      setError((failure as Error).message);
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="panel settings" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {preferences === null && !error && <p className="muted">Loading…</p>}
      {preferences === "absent" && <p className="muted">There is nothing to set here yet.</p>}
      {preferences !== null && preferences !== "absent" && (
        <>
          <label className="toggle">
            <input type="checkbox" checked={preferences.briefs} disabled={saving} onChange={(event) => toggle(event.target.checked)} />
            Email me a morning brief of what changed on my accounts
          </label>
          <p className="muted" role="status">
            {saved}
          </p>
        </>
      )}
    </section>
  );
}
