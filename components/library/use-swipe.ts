import { useRef, type PointerEvent, type RefObject } from "react";

const SWIPE_PX = 60;

/**
 * A horizontal swipe on the stage: the slide follows the finger (or mouse), springs back on
 * release, and a swipe of SWIPE_PX or more goes to the next (leftwards) or previous photo. Not
 * from a video: its controls take drags and taps. Returns the stage's pointer handlers.
 */
export function useSwipe(slideRef: RefObject<HTMLDivElement | null>, go: (direction: 1 | -1) => void) {
  const drag = useRef<{ id: number; x: number; y: number; dx: number } | null>(null);
  const setSlide = (dx: number, animate: boolean) => {
    const slide = slideRef.current;
    if (!slide) return;
    slide.style.transition = animate ? "transform 180ms ease-out" : "none";
    slide.style.transform = dx ? `translateX(${dx}px)` : "";
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (!event.isPrimary || (event.pointerType === "mouse" && event.button !== 0)) return;
    if ((event.target as HTMLElement).closest("button, a, video")) return;
    drag.current = { id: event.pointerId, x: event.clientX, y: event.clientY, dx: 0 };
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const current = drag.current;
    if (!current || current.id !== event.pointerId) return;
    current.dx = event.clientX - current.x;
    setSlide(current.dx, false);
  };
  const onPointerEnd = (event: PointerEvent<HTMLDivElement>) => {
    const current = drag.current;
    if (!current || current.id !== event.pointerId) return;
    drag.current = null;
    const { dx } = current;
    setSlide(0, true);
    if (event.type === "pointerup" && Math.abs(dx) >= SWIPE_PX) go(dx < 0 ? 1 : -1);
  };
  return { onPointerDown, onPointerMove, onPointerUp: onPointerEnd, onPointerCancel: onPointerEnd };
}
