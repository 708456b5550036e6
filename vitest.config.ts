import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Servers, Redis and Chromium are real: give them time, never assert durations.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
