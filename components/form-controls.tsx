import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";

const controlClass =
  "mt-1.5 block w-full rounded-lg border border-neutral-300 bg-white px-3 py-2 text-base text-neutral-900 shadow-xs placeholder:text-neutral-400 focus:border-indigo-500 focus:ring-3 focus:ring-indigo-500/25 focus:outline-hidden disabled:opacity-60 sm:text-sm dark:border-neutral-700 dark:bg-neutral-950 dark:text-neutral-100 dark:placeholder:text-neutral-500 dark:focus:border-indigo-400 dark:focus:ring-indigo-400/25";

type LabelProps = {
  label: string;
  /** Shown under the control and announced with it (aria-describedby). */
  hint?: ReactNode;
  /** Adds a muted "(optional)" after the label. */
  optional?: boolean;
};

/** A label, the control it names (given its id and describedby), and the hint under it. */
function Labelled({
  label,
  hint,
  optional,
  children,
}: LabelProps & { children: (control: { id: string; "aria-describedby": string | undefined; className: string }) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-neutral-800 dark:text-neutral-200">
        {label}
        {optional && <span className="font-normal text-neutral-500 dark:text-neutral-400"> (optional)</span>}
      </label>
      {children({ id, "aria-describedby": hint ? hintId : undefined, className: controlClass })}
      {hint && (
        <p id={hintId} className="mt-1.5 text-xs text-neutral-500 dark:text-neutral-400">
          {hint}
        </p>
      )}
    </div>
  );
}

/** A labelled input: `page.getByLabel(label)` finds it. */
export function Field({ label, hint, optional, ...inputProps }: LabelProps & Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "className">) {
  return (
    <Labelled label={label} hint={hint} optional={optional}>
      {(control) => <input {...control} {...inputProps} />}
    </Labelled>
  );
}

/** A labelled native select, styled like Field: `page.getByLabel(label)` finds it. */
export function SelectField({
  label,
  hint,
  options,
  ...selectProps
}: Omit<LabelProps, "optional"> & { options: { value: string; label: string }[] } & Omit<
    SelectHTMLAttributes<HTMLSelectElement>,
    "id" | "className" | "children"
  >) {
  return (
    <Labelled label={label} hint={hint}>
      {(control) => (
        <select {...control} {...selectProps}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Labelled>
  );
}

/**
 * A live region that is always in the page, so screen readers announce the message when it appears.
 * Empty and invisible while there is nothing to say.
 */
export function FormAlert({ message }: { message: string | null }) {
  return (
    <div
      role="alert"
      aria-atomic="true"
      data-testid="form-error"
      className={
        message
          ? "rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900/60 dark:bg-red-950/50 dark:text-red-200"
          : "sr-only"
      }
    >
      {message}
    </div>
  );
}

export const primaryButtonClass =
  "inline-flex items-center justify-center gap-2 rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition-colors hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60 disabled:hover:bg-indigo-600 dark:bg-indigo-500 dark:hover:bg-indigo-400 dark:focus-visible:outline-indigo-400 dark:disabled:hover:bg-indigo-500";

export const secondaryButtonClass =
  "inline-flex items-center justify-center gap-1.5 rounded-lg border whitespace-nowrap border-neutral-300 bg-white px-3 py-2 text-sm font-medium text-neutral-800 shadow-xs transition-colors hover:bg-neutral-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60 dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-100 dark:hover:bg-neutral-800 dark:focus-visible:outline-indigo-400";

/**
 * The submit button of a client form. Disabled until the page has hydrated (a click before that would
 * submit the form natively) and while the request runs, when it shows `pendingLabel`.
 */
export function SubmitButton({
  label,
  pendingLabel,
  pending,
  hydrated,
  className = "w-full",
}: {
  label: string;
  pendingLabel: string;
  pending: boolean;
  hydrated: boolean;
  className?: string;
}) {
  return (
    <button type="submit" disabled={pending || !hydrated} className={`${primaryButtonClass} ${className}`}>
      {pending && <Spinner />}
      {pending ? pendingLabel : label}
    </button>
  );
}

export function Spinner() {
  return (
    <svg viewBox="0 0 24 24" fill="none" aria-hidden="true" className="size-4 animate-spin motion-reduce:hidden">
      <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.3" strokeWidth="3" />
      <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}
