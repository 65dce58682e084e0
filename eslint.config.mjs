// ESLint for the site's own browser code (static/js) and the development scripts' Node code.
// `npm run lint:js` / `make lint`.
import js from "@eslint/js";
import globals from "globals";

export default [
  {
    // Nothing vendored or minified is ours to lint; node_modules is ignored by default.
    ignores: ["**/*.min.js", "var/", ".venv/"],
  },
  js.configs.recommended,
  {
    files: ["static/js/**/*.js"],
    languageOptions: {
      ecmaVersion: "latest",
      // site.js is loaded as a classic <script defer>, not as a module.
      sourceType: "script",
      globals: { ...globals.browser },
    },
  },
  {
    files: ["*.mjs", "scripts/**/*.mjs"],
    languageOptions: {
      sourceType: "module",
      globals: { ...globals.node },
    },
  },
];
