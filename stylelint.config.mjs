// Stylelint for the site's own stylesheet (static/css). `npm run lint:css` / `make lint`.
// stylelint-config-standard, relaxed only where static/css/site.css is deliberate.
/** @type {import("stylelint").Config} */
export default {
  extends: ["stylelint-config-standard"],
  ignoreFiles: ["**/*.min.css", "node_modules/**", "var/**", ".venv/**"],
  rules: {
    // The class names are BEM (block__element--modifier, e.g. .card__title, .wrap--narrow), as the
    // templates use them: accept BEM instead of plain kebab-case.
    "selector-class-pattern": [
      "^[a-z][a-z0-9]*(-[a-z0-9]+)*(__[a-z0-9]+(-[a-z0-9]+)*)?(--[a-z0-9]+(-[a-z0-9]+)*)?$",
      { message: (selector) => `Expected class selector "${selector}" to be BEM in kebab-case` },
    ],
    // The font stack sits in a custom property (--font), where stylelint cannot tell family names
    // (Roboto, Arial) from keywords; keep their usual capitalisation there.
    "value-keyword-case": ["lower", { ignoreProperties: ["/^--font/"] }],
    // -webkit-text-size-adjust is still the only form iOS Safari honours.
    "property-no-vendor-prefix": [true, { ignoreProperties: ["-webkit-text-size-adjust"] }],
    // .visually-hidden uses the long-standing clip: rect(0 0 0 0) technique on purpose.
    "property-no-deprecated": [true, { ignoreProperties: ["clip"] }],
    // Keep min-/max-width media queries: range syntax (width <= 40em) is ignored by older browsers
    // (e.g. Safari before 16.4), which would lose the small-screen and wide-screen layouts.
    "media-feature-range-notation": "prefix",
    // The sheet is ordered by page part (header, cards, articles, search, footer); the rule pairs
    // selectors of unrelated components (.entry-list a:hover vs .card__title a), and reordering
    // to please it would change the cascade.
    "no-descending-specificity": null,
  },
};
