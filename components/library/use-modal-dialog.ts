import { useEffect, type RefObject } from "react";

/** Opens the <dialog> as a modal while mounted, and keeps the page behind it from scrolling. */
export function useModalDialog(dialogRef: RefObject<HTMLDialogElement | null>) {
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    const root = document.documentElement;
    const previous = root.style.overflow;
    root.style.overflow = "hidden";
    return () => {
      root.style.overflow = previous;
      if (dialog?.open) dialog.close();
    };
  }, [dialogRef]);
}
