// Lint rules: the recommended sets, plus the few that catch real bugs in async server code.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".tools/**", ".data/**", "sdks/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "off",
      eqeqeq: ["error", "always", { null: "ignore" }],
    },
  },
  {
    // The emulator is an independent double of the service: it owns its data and shares no code with the
    // provider, so that a wrong assumption on one side is not silently repeated on the other.
    files: ["emulator/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              // The package's own entry points reach the provider too (pulumi-msads is the SDK, which loads it).
              group: ["**/provider", "**/provider/**", "pulumi-msads", "pulumi-msads/client", "pulumi-msads/provider"],
              message: "The emulator imports nothing from provider/: write the rule or table from the reference in emulator/.",
            },
          ],
        },
      ],
    },
  },
);
