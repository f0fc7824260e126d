"use client";

import { AlertsSettings } from "./alerts-settings";
import { IncidentsList } from "./incidents-list";

/** Settings → Alerts: where alerts go, then what they were about. */
export function AlertsView() {
  return (
    <>
      <AlertsSettings />
      <IncidentsList />
    </>
  );
}
