import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Tests that run the bot as a real process run the compiled dist/: build it once, up front.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 15_000,
  },
});
