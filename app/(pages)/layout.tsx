import type { ReactNode } from "react";
import "@/app/globals.css";

/**
 * The pages' stylesheet, imported here rather than by the root layout: from there, Next (16.4,
 * Turbopack) also gives it to its built-in global-error boundary, and with `inlineCss` every page's
 * HTML carried the whole stylesheet one more time (next.js#98110; 9 KB a slow phone network waits for).
 */
export default function PagesLayout({ children }: { children: ReactNode }) {
  return children;
}
