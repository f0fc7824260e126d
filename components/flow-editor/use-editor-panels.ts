"use client";

import { useCallback, useSyncExternalStore } from "react";

interface Panels {
  palette: boolean;
  inspector: boolean;
}

const storageKey = "botshop.flowEditor.panels";
/** Below this window width the palette starts as an icon rail, so the canvas keeps its room. */
const wideWindow = 1440;
const listeners = new Set<() => void>();
let cached: { raw: string | null; wide: boolean; panels: Panels } | null = null;

function read(): Panels {
  const raw = localStorage.getItem(storageKey);
  const wide = window.innerWidth >= wideWindow;
  if (cached && cached.raw === raw && cached.wide === wide) return cached.panels;
  let panels: Panels = { palette: wide, inspector: true };
  try {
    const saved = raw ? (JSON.parse(raw) as Partial<Panels>) : {};
    panels = {
      palette: typeof saved.palette === "boolean" ? saved.palette : wide,
      inspector: typeof saved.inspector === "boolean" ? saved.inspector : true,
    };
  } catch {
    // A hand-edited value: fall back to the defaults.
  }
  cached = { raw, wide, panels };
  return panels;
}

function write(panels: Panels) {
  localStorage.setItem(storageKey, JSON.stringify(panels));
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

const serverPanels: Panels = { palette: true, inspector: true };

/** Which side panels are open; the owner's choice is remembered in this browser. */
export function useEditorPanels() {
  const panels = useSyncExternalStore(subscribe, read, () => serverPanels);
  const togglePalette = useCallback(() => write({ ...read(), palette: !read().palette }), []);
  const toggleInspector = useCallback(() => write({ ...read(), inspector: !read().inspector }), []);
  return { ...panels, togglePalette, toggleInspector };
}
