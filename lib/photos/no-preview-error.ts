/**
 * Nothing here can make a preview of the file, for a reason the owner can act on (the message,
 * shown with the failed photo as it is): retrying will not help, the original stays stored.
 */
export class NoPreviewError extends Error {
  constructor(reason: string) {
    super(`No preview: ${reason}`);
    this.name = "NoPreviewError";
  }
}
