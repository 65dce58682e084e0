// A real OpenID Connect provider (npm's oidc-provider, a certified OP) on 127.0.0.1 for development
// and tests of single sign-on. Started by scripts/identity-provider; never for production.
//
// Environment (defaults in brackets):
//   IDENTITY_PROVIDER_PORT           port on 127.0.0.1 [9471]; the issuer is http://127.0.0.1:<port>
//   IDENTITY_PROVIDER_CLIENT_ID      the one confidential client [pedagogsajten]
//   IDENTITY_PROVIDER_CLIENT_SECRET  its secret [pedagogsajten-test-secret]
//   IDENTITY_PROVIDER_GROUPS         optional JSON {"login": ["group", ...]} added to the built-in table
//
// Sign-in: any login (an e-mail address) with any non-empty password. The account id is the login
// lower-cased. Consent is given automatically: there is only this one, first-party client.
// Everything lives in memory (sessions, codes, tokens, the signing key), so a restart forgets it.
import { generateKeyPairSync } from "node:crypto";

import Provider from "oidc-provider";

const PORT = Number.parseInt(process.env.IDENTITY_PROVIDER_PORT || "9471", 10);
const ISSUER = `http://127.0.0.1:${PORT}`;
const CLIENT_ID = process.env.IDENTITY_PROVIDER_CLIENT_ID || "pedagogsajten";
const CLIENT_SECRET = process.env.IDENTITY_PROVIDER_CLIENT_SECRET || "pedagogsajten-test-secret";
const SCOPE = "openid email profile groups";

// Group memberships by login; everyone else belongs to no group.
const GROUPS = {
  "redaktor@helsingborg.se": ["pedagogsajten-redaktorer"],
  "admin@helsingborg.se": ["pedagogsajten-administratorer"],
  ...JSON.parse(process.env.IDENTITY_PROVIDER_GROUPS || "{}"),
};

// Only loopback addresses over plain http, on any port and any path (the tests run the site on a
// random port). The documented way: override redirectUriAllowed on the Client prototype (recipe
// "redirect_uri_wildcards"). Development only.
function loopbackUri(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    url.protocol === "http:" &&
    ["127.0.0.1", "localhost"].includes(url.hostname) &&
    url.username === "" &&
    url.password === "" &&
    url.hash === ""
  );
}

function capitalize(word) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

// ny.larare@bjuv.se → given_name "Ny", family_name "Larare", name "Ny Larare".
function account(accountId) {
  const words = accountId
    .split("@")[0]
    .split(/[._+-]+/u)
    .filter(Boolean)
    .map(capitalize);
  const [givenName = accountId, ...rest] = words;
  const claims = {
    sub: accountId,
    email: accountId,
    email_verified: true,
    name: [givenName, ...rest].join(" "),
    given_name: givenName,
    groups: GROUPS[accountId] || [],
  };
  if (rest.length) claims.family_name = rest.join(" ");
  return { accountId, claims: async () => claims };
}

const escapeHtml = (value) =>
  String(value).replace(
    /[&<>"']/gu,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – testinloggning</title>
<style>
body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem}
label{display:block;margin-top:1rem}input{display:block;width:100%;padding:.4rem;box-sizing:border-box}
button{margin-top:1.5rem;padding:.5rem 1.5rem}.fel{color:#a00}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>`;
}

function loginForm(uid, login = "", error = "") {
  const action = `/interaction/${encodeURIComponent(uid)}`;
  return page(
    "Logga in",
    `<p>Testinloggning för Pedagogsajten: valfri e-postadress och valfritt lösenord.</p>
${error ? `<p class="fel" role="alert">${escapeHtml(error)}</p>` : ""}
<form id="login-form" method="post" action="${action}" autocomplete="off">
<label for="login">E-postadress</label>
<input id="login" name="login" type="text" inputmode="email" autocomplete="username" required autofocus value="${escapeHtml(login)}">
<label for="password">Lösenord</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button id="login-submit" name="submit" type="submit">Logga in</button>
</form>
<p><a id="login-abort" href="${action}/abort">Avbryt</a></p>`,
  );
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

// A full grant for the one client, so the consent prompt never needs the browser (recipe
// "skip_consent").
async function grantAll(provider, accountId, clientId, details = {}) {
  const grant = new provider.Grant({ accountId, clientId });
  grant.addOIDCScope(SCOPE);
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(" "));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(details.missingResourceScopes || {})) {
    grant.addResourceScope(indicator, scopes.join(" "));
  }
  return grant.save();
}

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });

const provider = new Provider(ISSUER, {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      client_name: "Pedagogsajten",
      grant_types: ["authorization_code"],
      response_types: ["code"],
      // client_secret_post is accepted too: oidc-provider treats the two as one method.
      token_endpoint_auth_method: "client_secret_basic",
      // Placeholders for the metadata; what is allowed is decided by loopbackUri below.
      redirect_uris: ["http://127.0.0.1/", "http://localhost/"],
      post_logout_redirect_uris: ["http://127.0.0.1/", "http://localhost/"],
    },
  ],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "given_name", "family_name", "groups"],
    groups: ["groups"],
  },
  scopes: ["openid", "email", "profile", "groups"],
  responseTypes: ["code"],
  // Also put the scope's claims in the ID token, not only at the userinfo endpoint.
  conformIdTokenClaims: false,
  allowOmittingSingleRegisteredRedirectUri: false,
  // PKCE is accepted (S256) but not required of the confidential client.
  pkce: { required: () => false },
  findAccount: async (_ctx, id) => account(String(id).toLowerCase()),
  loadExistingGrant: async (ctx) => {
    const grantId =
      ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    if (ctx.oidc.client.clientId !== CLIENT_ID || !ctx.oidc.session.accountId) return undefined;
    const id = await grantAll(ctx.oidc.provider, ctx.oidc.session.accountId, CLIENT_ID);
    return ctx.oidc.provider.Grant.find(id);
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    revocation: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page(
          "Logga ut",
          `<p>Vill du logga ut från testinloggningen?</p>
${form}
<button id="logout-confirm" type="submit" form="op.logoutForm" name="logout" value="yes">Ja, logga ut</button>
<button id="logout-cancel" type="submit" form="op.logoutForm">Nej</button>`,
        );
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = page("Utloggad", "<p>Du är utloggad från testinloggningen.</p>");
      },
    },
  },
  renderError: async (ctx, out) => {
    ctx.type = "html";
    ctx.body = page(
      "Fel vid inloggning",
      `<pre id="error">${escapeHtml(JSON.stringify(out, null, 2))}</pre>`,
    );
  },
  // No secure-only cookies: everything runs over plain http on 127.0.0.1.
  cookies: { keys: ["identity-provider-development-only"] },
  jwks: { keys: [{ ...privateKey.export({ format: "jwk" }), kid: "test-key", use: "sig" }] },
  clientBasedCORS: () => false,
  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 600,
    IdToken: 3600,
    Interaction: 3600,
    Grant: 14 * 24 * 3600,
    Session: 14 * 24 * 3600,
  },
});

for (const method of ["redirectUriAllowed", "postLogoutRedirectUriAllowed"]) {
  provider.Client.prototype[method] = loopbackUri;
}

for (const event of ["server_error", "authorization.error", "grant.error", "end_session.error"]) {
  provider.on(event, (_ctx, error) =>
    console.error(`${event}: ${error.message}`, error.error_detail ?? ""),
  );
}

// The login and consent interactions (instead of the built-in devInteractions, which neither
// lower-case the login nor require a password and always ask for consent).
const INTERACTION = /^\/interaction\/([^/]+)(\/abort)?$/u;

provider.use(async (ctx, next) => {
  const match = INTERACTION.exec(ctx.path);
  if (!match) {
    await next();
    console.log(`${ctx.method} ${ctx.path} ${ctx.status}`);
    return;
  }
  const [, uid, abort] = match;
  ctx.set("Cache-Control", "no-store");
  let details;
  try {
    details = await provider.interactionDetails(ctx.req, ctx.res);
  } catch (error) {
    ctx.status = 400;
    ctx.type = "html";
    ctx.body = page("Inloggningen har gått ut", `<p>${escapeHtml(error.message)}</p>`);
    return;
  }
  const finish = async (result, mergeWithLastSubmission) => {
    ctx.status = 303;
    ctx.redirect(
      await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission }),
    );
  };

  if (abort) {
    const denied = { error: "access_denied", error_description: "Inloggningen avbröts." };
    return finish(denied, false);
  }
  const { prompt, params, session } = details;
  if (prompt.name === "consent") {
    const grantId = await grantAll(provider, session.accountId, params.client_id, prompt.details);
    return finish({ consent: { grantId } }, true);
  }
  if (prompt.name !== "login") ctx.throw(501, `okänd prompt ${prompt.name}`);

  ctx.type = "html";
  if (ctx.method === "GET") {
    ctx.body = loginForm(uid, params.login_hint || "");
    return;
  }
  if (ctx.method !== "POST") ctx.throw(405);
  const form = await readForm(ctx.req);
  const login = (form.get("login") || "").trim();
  if (!login || !form.get("password")) {
    ctx.status = 400;
    ctx.body = loginForm(uid, login, "Fyll i både e-postadress och lösenord.");
    return;
  }
  return finish({ login: { accountId: login.toLowerCase() } }, false);
});

const server = provider.listen(PORT, "127.0.0.1", () => {
  console.log(`identity-provider: ${ISSUER} (klient ${CLIENT_ID})`);
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
