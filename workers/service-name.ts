// Imported first by the worker entry, so the logger labels this process before it is created.
process.env.SERVICE_NAME ??= "worker";
