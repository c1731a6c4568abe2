/**
 * Who is calling: OAuth 2.1 bearer tokens on `/mcp`, checked with the SDK's auth helpers, when auth
 * is configured; a single user otherwise.
 *
 * - Every `/mcp` request must carry `Authorization: Bearer <token>`; the SDK's `requireBearerAuth`
 *   checks it with a verifier (an `OAuthTokenVerifier`: yours in code, or token introspection from the
 *   environment), the scopes, the expiry and, when configured, the audience (the token's resource
 *   must be this server). A missing or bad token answers 401 with `WWW-Authenticate: Bearer …,
 *   resource_metadata="…"`, so an MCP client can find the authorization server (RFC 9728).
 * - `GET /.well-known/oauth-protected-resource[/mcp]` is that metadata.
 * - The user is the token's `sub` (introspection's `sub`, or a verifier's `extra.sub`), else its
 *   client id. Tools see it as `ctx.user`; the widget manager keeps each user's widgets apart by it.
 *
 * Environment (all optional; auth is on when SKYLIT_AUTH_INTROSPECTION_URL is set):
 * `SKYLIT_AUTH_INTROSPECTION_URL` (RFC 7662 endpoint), `SKYLIT_AUTH_CLIENT_ID` /
 * `SKYLIT_AUTH_CLIENT_SECRET` (this server's credentials there), `SKYLIT_AUTH_ISSUER` (the
 * authorization server, listed in the metadata), `SKYLIT_AUTH_RESOURCE` (this server's public `/mcp`
 * URL: the audience tokens must carry), `SKYLIT_AUTH_SCOPES` (space-separated, all required).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { InvalidTokenError, ServerError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import type { OAuthTokenVerifier } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { SINGLE_USER, type ToolCaller } from './tools.ts';

export type { AuthInfo, OAuthTokenVerifier };

export interface AuthOptions {
  /** Checks a token and says whose it is (the SDK's interface). */
  verifier: OAuthTokenVerifier;
  /** This server's `/mcp` URL as clients reach it: tokens must be issued for it (RFC 8707), and the metadata names it. */
  resourceUrl?: string;
  /** The authorization servers that issue tokens for it, for the metadata. */
  authorizationServers?: string[];
  /** Scopes every token must have. */
  requiredScopes?: string[];
}

/** The caller a verified token stands for. */
export function callerOf(auth: AuthInfo | undefined): ToolCaller {
  if (!auth) return SINGLE_USER;
  const sub = auth.extra?.sub;
  return { id: typeof sub === 'string' && sub ? sub : auth.clientId };
}

/** The path of the protected resource metadata for an `/mcp` URL (RFC 9728 §3.1), as the SDK builds it. */
export function resourceMetadataPath(resourceUrl: string | undefined): string {
  const path = resourceUrl ? new URL(resourceUrl).pathname : '';
  return `/.well-known/oauth-protected-resource${path && path !== '/' ? path : ''}`;
}

/**
 * Checks the request's bearer token with the SDK's `requireBearerAuth`. Resolves with the token's
 * AuthInfo, or with null after it has answered the request (401, 403, or 500 when the verifier failed).
 */
export function bearerAuthenticator(options: AuthOptions): (req: IncomingMessage, res: ServerResponse, resourceUrl: string) => Promise<AuthInfo | null> {
  return async (req, res, resourceUrl) => {
    const resource = options.resourceUrl ?? resourceUrl;
    const metadataUrl = new URL(resourceMetadataPath(resource), resource).href;
    const middleware = requireBearerAuth({
      verifier: options.verifier,
      requiredScopes: options.requiredScopes ?? [],
      resourceMetadataUrl: metadataUrl,
      ...(options.resourceUrl ? { expectedResource: new URL(options.resourceUrl) } : {}),
    });
    let passed = false;
    // The middleware is written for Express: give it the three methods it uses.
    const shim = Object.assign(res, {
      set(name: string, value: string) {
        res.setHeader(name, value);
        return shim;
      },
      status(code: number) {
        res.statusCode = code;
        return {
          json(body: unknown) {
            res.setHeader('content-type', 'application/json');
            res.setHeader('cache-control', 'no-store');
            res.end(JSON.stringify(body));
          },
        };
      },
    });
    await middleware(req as never, shim as never, () => {
      passed = true;
    });
    return passed ? ((req as IncomingMessage & { auth?: AuthInfo }).auth ?? null) : null;
  };
}

/** The protected resource metadata document (RFC 9728). */
export function resourceMetadata(options: AuthOptions, resourceUrl: string): Record<string, unknown> {
  return {
    resource: options.resourceUrl ?? resourceUrl,
    ...(options.authorizationServers?.length ? { authorization_servers: options.authorizationServers } : {}),
    ...(options.requiredScopes?.length ? { scopes_supported: options.requiredScopes } : {}),
    bearer_methods_supported: ['header'],
    resource_name: 'Skylit widgets',
  };
}

export interface IntrospectionOptions {
  /** The RFC 7662 endpoint. */
  url: string;
  clientId?: string;
  clientSecret?: string;
  timeoutMs?: number;
  /** How long an answer is reused (never past the token's expiry). Default 60 s. */
  cacheMs?: number;
}

/**
 * A verifier that asks the authorization server (RFC 7662 token introspection). Answers are cached
 * by a hash of the token for `cacheMs` (never past `exp`), so a stateless server does not ask on
 * every request. An inactive or unknown token is refused; an unreachable server is a 500, not a 401.
 */
export function introspectionVerifier(options: IntrospectionOptions): OAuthTokenVerifier {
  const cache = new Map<string, { info: AuthInfo; until: number }>();
  const cacheMs = options.cacheMs ?? 60_000;
  return {
    async verifyAccessToken(token) {
      const key = createHash('sha256').update(token).digest('base64url');
      const hit = cache.get(key);
      if (hit && hit.until > Date.now()) return hit.info;
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
            ...(options.clientId ? { authorization: `Basic ${Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret ?? '')}`).toString('base64')}` } : {}),
          },
          body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
          redirect: 'error',
        });
      } catch (error) {
        throw new ServerError(`The authorization server could not be reached: ${(error as Error).message}`);
      }
      if (!response.ok) throw new ServerError(`The authorization server answered introspection with HTTP ${response.status}`);
      const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
      if (!body || body.active !== true) throw new InvalidTokenError('The token is not active');
      const exp = typeof body.exp === 'number' ? body.exp : undefined;
      const audiences = Array.isArray(body.aud) ? body.aud : typeof body.aud === 'string' ? [body.aud] : [];
      const resource = audiences.find((aud): aud is string => typeof aud === 'string' && /^https?:\/\//.test(aud));
      const info: AuthInfo = {
        token,
        clientId: typeof body.client_id === 'string' ? body.client_id : 'unknown-client',
        scopes: typeof body.scope === 'string' ? body.scope.split(' ').filter(Boolean) : [],
        ...(exp !== undefined ? { expiresAt: exp } : {}),
        ...(resource ? { resource: new URL(resource) } : {}),
        extra: { ...(typeof body.sub === 'string' ? { sub: body.sub } : {}) },
      };
      const until = Math.min(Date.now() + cacheMs, exp !== undefined ? exp * 1000 : Infinity);
      if (cache.size > 10_000) cache.clear();
      cache.set(key, { info, until });
      return info;
    },
  };
}

/** Auth from the environment, or undefined when SKYLIT_AUTH_INTROSPECTION_URL is not set. */
export function authOptionsFromEnv(env: NodeJS.ProcessEnv): AuthOptions | undefined {
  const url = env.SKYLIT_AUTH_INTROSPECTION_URL;
  const others = ['SKYLIT_AUTH_CLIENT_ID', 'SKYLIT_AUTH_CLIENT_SECRET', 'SKYLIT_AUTH_ISSUER', 'SKYLIT_AUTH_RESOURCE', 'SKYLIT_AUTH_SCOPES'].filter((name) => env[name]);
  if (!url) {
    if (others.length) throw new Error(`${others.join(', ')} ${others.length === 1 ? 'is' : 'are'} set but SKYLIT_AUTH_INTROSPECTION_URL is not: set it to turn auth on, or unset the others`);
    return undefined;
  }
  for (const name of ['SKYLIT_AUTH_INTROSPECTION_URL', 'SKYLIT_AUTH_ISSUER', 'SKYLIT_AUTH_RESOURCE']) {
    const value = env[name];
    if (value && !/^https?:\/\//.test(value)) throw new Error(`${name} must be an http(s) URL (got "${value.slice(0, 80)}")`);
  }
  return {
    verifier: introspectionVerifier({ url, clientId: env.SKYLIT_AUTH_CLIENT_ID, clientSecret: env.SKYLIT_AUTH_CLIENT_SECRET }),
    ...(env.SKYLIT_AUTH_RESOURCE ? { resourceUrl: env.SKYLIT_AUTH_RESOURCE } : {}),
    ...(env.SKYLIT_AUTH_ISSUER ? { authorizationServers: [env.SKYLIT_AUTH_ISSUER] } : {}),
    ...(env.SKYLIT_AUTH_SCOPES ? { requiredScopes: env.SKYLIT_AUTH_SCOPES.split(/\s+/).filter(Boolean) } : {}),
  };
}
