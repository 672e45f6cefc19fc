/** The camera glyph of public/favicon.svg, drawn in currentColor on an accent tile. */
export function Logo({ className = "size-8" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false" className={className}>
      <rect width="32" height="32" rx="7" className="fill-indigo-600 dark:fill-indigo-500" />
      <path
        fill="#fff"
        d="M12.9 7.8A1.8 1.8 0 0 1 14.4 7h3.2a1.8 1.8 0 0 1 1.5.8l1.1 1.7H23a3 3 0 0 1 3 3V22a3 3 0 0 1-3 3H9a3 3 0 0 1-3-3v-9.5a3 3 0 0 1 3-3h2.8z"
      />
      <circle cx="16" cy="17" r="4.8" className="fill-indigo-600 dark:fill-indigo-500" />
      <circle cx="16" cy="17" r="2.6" fill="#fff" />
    </svg>
  );
}
