"use client";

import { primaryButtonClass } from "@/components/form-controls";

/** Loads the page the browser asked for again: the offline page stands in for it at its own address. */
export function RetryButton() {
  return (
    <button type="button" className={primaryButtonClass} onClick={() => window.location.reload()}>
      Try again
    </button>
  );
}
