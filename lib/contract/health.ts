import { z } from "zod";

const checkResultSchema = z.enum(["ok", "down"]);

export const healthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    checks: z.object({ database: checkResultSchema, redis: checkResultSchema, storage: checkResultSchema }),
    failing: z.array(z.enum(["database", "redis", "storage"])).optional().meta({ description: "What is down, when anything is" }),
  })
  .meta({ id: "Health" });
export type Health = z.infer<typeof healthSchema>;
