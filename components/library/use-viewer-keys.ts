import { useEffect, useRef } from "react";

/**
 * ← and → move to the previous and next photo, unless `paused` (a confirmation is open) or a video
 * has focus (its controls seek with them; Tab or a click beside it gives the keys back). On the
 * document, not the dialog: focus may sit on <body> (a button that got disabled) and keys still count.
 */
export function useViewerKeys(go: (direction: 1 | -1) => void, paused: boolean) {
  const latest = useRef({ go, paused });
  useEffect(() => {
    latest.current = { go, paused };
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (latest.current.paused || event.target instanceof HTMLMediaElement || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
      const direction = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (!direction) return;
      event.preventDefault();
      latest.current.go(direction);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
}
