/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Native or process-level packages: loaded by Node at run time, never bundled.
  serverExternalPackages: ["sharp", "@node-rs/argon2", "bullmq", "ioredis", "pino", "pg", "@prisma/adapter-pg"],
};

export default nextConfig;
