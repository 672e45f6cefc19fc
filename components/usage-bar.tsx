import type { Me } from "@/lib/contract/accounts";
import { formatBytes } from "@/lib/contract/format-bytes";

/** How much of the quota the account's originals take: a bar with the figures, or the amount alone when unlimited. */
export function UsageBar({ usage, quotaBytes }: Pick<Me, "usage" | "quotaBytes">) {
  const photos = `${usage.photos.toLocaleString("en")} ${usage.photos === 1 ? "photo" : "photos"}`;
  if (quotaBytes === null) {
    return (
      <p data-testid="usage" className="text-sm text-neutral-700 dark:text-neutral-300">
        <span className="font-semibold text-neutral-900 dark:text-neutral-100">{formatBytes(usage.bytes)}</span> used by {photos}; no quota.
      </p>
    );
  }
  const share = Math.min(1, usage.bytes / quotaBytes);
  const percent = Math.round(share * 100);
  const fill = share >= 0.9 ? "bg-red-600 dark:bg-red-500" : share >= 0.75 ? "bg-amber-500" : "bg-indigo-600 dark:bg-indigo-400";
  return (
    <div data-testid="usage" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 text-sm">
        <p className="text-neutral-700 dark:text-neutral-300">
          <span className="font-semibold text-neutral-900 dark:text-neutral-100">{formatBytes(usage.bytes)}</span> of{" "}
          {formatBytes(quotaBytes)} used
        </p>
        <p className="text-neutral-500 tabular-nums dark:text-neutral-400">
          {percent}% · {photos}
        </p>
      </div>
      <div
        role="meter"
        aria-label="Storage used"
        aria-valuemin={0}
        aria-valuemax={quotaBytes}
        aria-valuenow={Math.min(usage.bytes, quotaBytes)}
        aria-valuetext={`${formatBytes(usage.bytes)} of ${formatBytes(quotaBytes)}`}
        className="h-3 w-full overflow-hidden rounded-full bg-neutral-200 dark:bg-neutral-800"
      >
        <div className={`h-full rounded-full ${fill}`} style={{ width: `${Math.max(percent, usage.bytes > 0 ? 1 : 0)}%` }} />
      </div>
      {share >= 1 && (
        <p className="text-sm text-red-700 dark:text-red-300">The quota is full: new photos are refused until the admin raises it or you delete some.</p>
      )}
    </div>
  );
}
