import { useState, type FormEvent } from "react";
import { useHydrated } from "@/components/use-hydrated";

/**
 * A client form's submit handler: pending while `submit` runs, then the message it resolves with
 * in the form's alert (null: it worked). With `pendingAfterSuccess` the form stays pending after a
 * success, while the next page loads.
 */
export function useFormSubmit(
  submit: (form: FormData, element: HTMLFormElement) => Promise<string | null>,
  { pendingAfterSuccess = false } = {},
) {
  const hydrated = useHydrated();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const element = event.currentTarget;
    setPending(true);
    setError(null);
    const message = await submit(new FormData(element), element);
    if (message === null && pendingAfterSuccess) return;
    setError(message);
    setPending(false);
  }

  return { hydrated, pending, error, onSubmit };
}
