/**
 * A real OpenID Connect provider on loopback for the e2e suite: `oidc-provider` (the certified
 * implementation) with one confidential client for the portal, a few test accounts and small
 * login and consent pages of its own — plain HTML forms with labels, so Playwright drives them as
 * a person would and a wrong password is refused. Test-only: in-memory storage, fresh keys and
 * cookie secrets on every start, http.
 *
 * The authorization code's lifetime is a parameter so a test can let a code expire in seconds.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Account, type Configuration } from "oidc-provider";

export interface OidcTestAccount {
  /** The `sub` claim. */
  id: string;
  email: string;
  name: string;
  password: string;
}

export const OIDC_TEST_ACCOUNTS: readonly OidcTestAccount[] = [
  { id: "erin", email: "erin@meshport.dev", name: "Erin Castillo", password: "erin-at-the-idp" },
  { id: "frank", email: "frank@meshport.dev", name: "Frank Osei", password: "frank-at-the-idp" },
  { id: "grace", email: "grace@meshport.dev", name: "Grace Lindgren", password: "grace-at-the-idp" },
];

export interface StartOidcProviderOptions {
  /** Where the portal receives the code: `<NEXTAUTH_URL>/api/auth/callback/oidc`. */
  redirectUri: string;
  /** Port on 127.0.0.1; 0 (default) takes a free one. */
  port?: number;
  /** Lifetime of an authorization code in seconds (oidc-provider's default is 60). */
  codeTtlSeconds?: number;
  accounts?: readonly OidcTestAccount[];
}

export interface OidcProviderHandle {
  /** e.g. `http://127.0.0.1:41234` — discovery is at `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  codeTtlSeconds: number;
  accounts: readonly OidcTestAccount[];
  stop(): Promise<void>;
}

const CLIENT_ID = "meshport-e2e";

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

function send(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function loginForm(uid: string, error?: string, email = ""): string {
  return page(
    "Sign in to the Test IdP",
    `${error ? `<p role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
  <p><label for="email">Email</label> <input id="email" name="email" type="email" required value="${escapeHtml(email)}"></p>
  <p><label for="password">Password</label> <input id="password" name="password" type="password" required></p>
  <button type="submit">Sign in</button>
</form>
<p><a href="/interaction/${escapeHtml(uid)}/abort">Cancel</a></p>`,
  );
}

function consentForm(uid: string, clientName: string, scopes: string[]): string {
  return page(
    `Allow ${clientName} to know who you are?`,
    `<p>It asks for: ${escapeHtml(scopes.join(", ") || "confirmation of an earlier permission")}.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/confirm"><button type="submit">Allow</button></form>
<p><a href="/interaction/${escapeHtml(uid)}/abort">Deny</a></p>`,
  );
}

/**
 * Starts the provider on 127.0.0.1 and resolves once it accepts connections. The port is bound
 * first because the issuer URL (which contains it) must be known before the provider is built.
 */
export async function startOidcProvider(options: StartOidcProviderOptions): Promise<OidcProviderHandle> {
  const accounts = options.accounts ?? OIDC_TEST_ACCOUNTS;
  const codeTtlSeconds = options.codeTtlSeconds ?? 60;
  const clientSecret = randomBytes(24).toString("base64url");
  let handle: http.RequestListener = (_req, res) => send(res, 503, page("Starting", ""));
  const server = http.createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: "jwk" }), kid: "e2e-rs256", alg: "RS256", use: "sig" };

  const configuration: Configuration = {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: clientSecret,
        client_name: "Meshport",
        redirect_uris: [options.redirectUri],
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    // The portal sends PKCE (checks: ["pkce", "state"]); requiring it proves that it does.
    pkce: { required: () => true },
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // Spec-conforming: email and name only from userinfo in the code flow (the portal reads both).
    conformIdTokenClaims: true,
    ttl: {
      AuthorizationCode: codeTtlSeconds,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub): Promise<Account | undefined> {
      const account = accounts.find((a) => a.id === sub);
      if (!account) return undefined;
      return {
        accountId: account.id,
        claims: () => ({ sub: account.id, email: account.email, email_verified: true, name: account.name }),
      };
    },
    async renderError(ctx, out) {
      ctx.type = "html";
      ctx.body = page(
        "Sign-in error at the Test IdP",
        `<pre>${escapeHtml(JSON.stringify(out, null, 2))}</pre>`,
      );
    },
  };
  const provider = new Provider(issuer, configuration);
  const oidc = provider.callback();

  async function interaction(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    uid: string,
    action: string | undefined,
  ): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid)
      return send(
        res,
        400,
        page("This sign-in has expired", "<p>Go back to the application and start again.</p>"),
      );
    const { prompt, params, session, grantId } = details;
    if (action === "abort") {
      return provider.interactionFinished(
        req,
        res,
        { error: "access_denied", error_description: "End-User aborted interaction" },
        { mergeWithLastSubmission: false },
      );
    }
    if (prompt.name === "login") {
      if (action !== "login" || req.method !== "POST") return send(res, 200, loginForm(uid));
      const form = await readForm(req);
      const email = (form.get("email") ?? "").trim().toLowerCase();
      const account = accounts.find((a) => a.email === email && a.password === form.get("password"));
      if (!account) return send(res, 200, loginForm(uid, "Wrong email or password.", email));
      return provider.interactionFinished(
        req,
        res,
        { login: { accountId: account.id } },
        { mergeWithLastSubmission: false },
      );
    }
    if (prompt.name === "consent") {
      const missing = prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (action !== "confirm" || req.method !== "POST") {
        const client = await provider.Client.find(String(params.client_id));
        return send(
          res,
          200,
          consentForm(
            uid,
            client?.clientName ?? String(params.client_id),
            (missing.missingOIDCScope ?? []).filter((s) => s !== "openid"),
          ),
        );
      }
      const grant = grantId
        ? await provider.Grant.find(grantId)
        : new provider.Grant({ accountId: session?.accountId, clientId: String(params.client_id) });
      if (!grant)
        return send(
          res,
          400,
          page("This sign-in has expired", "<p>Go back to the application and start again.</p>"),
        );
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      return provider.interactionFinished(
        req,
        res,
        { consent: { grantId: await grant.save() } },
        { mergeWithLastSubmission: true },
      );
    }
    send(res, 501, page(`Unsupported prompt: ${prompt.name}`, ""));
  }

  handle = (req, res) => {
    const match = /^\/interaction\/([\w-]+)(?:\/(login|confirm|abort))?$/.exec(
      new URL(req.url ?? "/", issuer).pathname,
    );
    if (!match) return void oidc(req, res);
    interaction(req, res, match[1]!, match[2]).catch((err: unknown) => {
      // An unknown or expired interaction (no cookie, wrong uid) lands here: a page, not a crash.
      if (!res.headersSent)
        send(
          res,
          400,
          page(
            "This sign-in has expired",
            `<p>${escapeHtml(err instanceof Error ? err.message : String(err))}</p>`,
          ),
        );
    });
  };

  return {
    issuer,
    clientId: CLIENT_ID,
    clientSecret,
    codeTtlSeconds,
    accounts,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
