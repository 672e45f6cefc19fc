"use client";

import { useEffect, useRef, useState, type RefObject } from "react";
import { PlayIcon } from "@/components/ui/icons";

/** Why the clip is playing: a pointer resting on the photo, a press held on it, or the play button (once through). */
type Reason = "hover" | "press" | "button";

const reducedMotion = () => window.matchMedia("(prefers-reduced-motion: reduce)").matches;
/** A mouse that hovers; on a touch screen, the mouse events a tap brings are no hover. */
const hovers = () => window.matchMedia("(hover: hover)").matches;

/**
 * A Live Photo's or Motion Photo's clip over its still: it plays, muted, while a press is held on
 * the stage (touch or mouse), while a mouse rests on the photo (not under prefers-reduced-motion,
 * as that starts by itself), or once from the play button; the still comes back when that stops.
 * Listens on the stage, which captures the pointer during a swipe. Keyed by photo, so nothing
 * carries over.
 */
export function MotionPhotoClip({ src, stageRef }: { src: string; stageRef: RefObject<HTMLElement | null> }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [reasons, setReasons] = useState<ReadonlySet<Reason>>(new Set());
  const [showing, setShowing] = useState(false);
  const active = reasons.size > 0;

  const add = (reason: Reason) => setReasons((current) => (current.has(reason) ? current : new Set(current).add(reason)));
  const drop = (reason: Reason) =>
    setReasons((current) => {
      if (!current.has(reason)) return current;
      const next = new Set(current);
      next.delete(reason);
      return next;
    });

  useEffect(() => {
    const stage = stageRef.current;
    if (!stage) return;
    const onControl = (event: Event) => (event.target as HTMLElement).closest("button, a") !== null;
    // Over the photo, not its buttons: the play button plays once.
    const over = (event: PointerEvent) => {
      if (event.pointerType !== "mouse" || !hovers()) return;
      if (onControl(event) || reducedMotion()) drop("hover");
      else add("hover");
    };
    const leave = (event: PointerEvent) => {
      if (event.pointerType === "mouse") drop("hover");
    };
    let fingerDown = false;
    const down = (event: PointerEvent) => {
      if (!event.isPrimary || onControl(event) || (event.pointerType === "mouse" && event.button !== 0)) return;
      fingerDown = event.pointerType !== "mouse";
      add("press");
    };
    const up = () => {
      fingerDown = false;
      drop("press");
    };
    // A held finger is ours, not the browser's image menu (a right click still gets it).
    const menu = (event: Event) => {
      if (fingerDown) event.preventDefault();
    };
    const listening = new AbortController();
    const { signal } = listening;
    stage.addEventListener("pointerover", over, { signal });
    stage.addEventListener("pointerleave", leave, { signal });
    stage.addEventListener("pointerdown", down, { signal });
    stage.addEventListener("pointerup", up, { signal });
    stage.addEventListener("pointercancel", up, { signal });
    stage.addEventListener("contextmenu", menu, { signal });
    return () => listening.abort();
  }, [stageRef]);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    if (active) {
      // A clip that will not play leaves its button unpressed.
      video.play().catch(() => drop("button"));
    } else {
      video.pause();
      video.currentTime = 0;
    }
  }, [active]);

  const onlyButton = reasons.size === 1 && reasons.has("button");
  return (
    <>
      <video
        ref={videoRef}
        src={src}
        muted
        playsInline
        preload="metadata"
        loop={!onlyButton}
        disablePictureInPicture
        aria-hidden="true"
        data-testid="motion-clip"
        data-playing={(active && showing) || undefined}
        onPlaying={() => setShowing(true)}
        onPause={() => setShowing(false)}
        onEnded={() => drop("button")}
        className={`pointer-events-none absolute inset-0 size-full object-contain transition-opacity duration-150 motion-reduce:transition-none ${
          active && showing ? "opacity-100" : "opacity-0"
        }`}
      />
      <button
        type="button"
        aria-label="Play the Live Photo"
        aria-pressed={reasons.has("button")}
        onClick={() => (reasons.has("button") ? drop("button") : add("button"))}
        className="absolute top-3 left-3 z-10 inline-flex h-9 items-center gap-1.5 rounded-full bg-black/50 px-3.5 text-xs font-bold tracking-wider text-white backdrop-blur transition hover:bg-black/70 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-white"
      >
        <PlayIcon className="size-3.5" />
        LIVE
      </button>
    </>
  );
}
