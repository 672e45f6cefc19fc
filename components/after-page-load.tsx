"use client";

import { lazy, Suspense, useEffect, type ComponentType } from "react";
import { usePageLoaded } from "@/components/use-page-loaded";

/**
 * A component the first screen does not show (a panel that opens later, a drop target), whose code
 * is fetched once the page has loaded: on a slow phone network it would otherwise share the line
 * with the thumbnails in view.
 */
export function afterPageLoad<Props extends object>(load: () => Promise<ComponentType<Props>>): ComponentType<Props> {
  const Lazy = lazy(async () => ({ default: await load() }));
  return function AfterPageLoad(props: Props) {
    if (!usePageLoaded()) return null;
    return (
      <Suspense>
        <Lazy {...props} />
      </Suspense>
    );
  };
}

/** Fetches code the page will want soon (components loaded with next/dynamic) once the page has loaded. */
export function usePreloadAfterPageLoad(load: () => Promise<unknown>) {
  const pageLoaded = usePageLoaded();
  useEffect(() => {
    if (pageLoaded) void load();
  }, [pageLoaded, load]);
}
