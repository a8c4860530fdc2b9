package org.inpaint.app.security;

import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.APIKeyHandler;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.ChainAuthHandler;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may use the API. With a token, every {@code /v1} route and {@code /metrics} need it, as
 * {@code Authorization: Bearer <token>} or as the login cookie the page gets from {@code /login} (HttpOnly,
 * SameSite=Strict); {@code /health}, {@code /ready} and the page's static files stay open. WebSocket upgrades must
 * come from the page's own origin (or from a client that sends none), and carry the token the same ways.
 */
public final class ApiAccess {

    public static final String COOKIE = "inpaint_token";
    private static final String BEARER = "Bearer ";

    private final Optional<TokenAuthentication> auth;

    public ApiAccess(ApiToken token) {
        this.auth = token.value().map(TokenAuthentication::new);
    }

    public boolean tokenRequired() {
        return auth.isPresent();
    }

    /** Puts the token check in front of the protected routes and mounts {@code /login}; call before the routes. */
    public void protect(Router router) {
        router.get("/login").handler(this::loginWithQueryToken);
        router.post("/login").handler(BodyHandler.create().setBodyLimit(4096)).handler(ctx ->
                login(ctx, ctx.request().getFormAttribute("token")));
        if (auth.isEmpty()) {
            return;
        }
        AuthenticationHandler bearer = APIKeyHandler.create(auth.get()).header("Authorization")
                // a header without the Bearer scheme carries no token: the provider refuses it (401)
                .tokenExtractor(v -> Future.succeededFuture(v.regionMatches(true, 0, BEARER, 0, BEARER.length())
                        ? v.substring(BEARER.length()).trim() : ""));
        AuthenticationHandler cookie = APIKeyHandler.create(auth.get()).cookie(COOKIE);
        AuthenticationHandler either = ChainAuthHandler.any().add(bearer).add(cookie);
        router.route("/v1/*").handler(either);
        router.route("/metrics").handler(either);
    }

    /** Whether a WebSocket upgrade may proceed: the page's own origin, and the token when one is required. */
    public boolean allows(ServerWebSocketHandshake handshake) {
        String origin = handshake.headers().get("Origin");
        if (origin != null && !sameOrigin(origin, handshake.headers().get("Host"))) {
            return false;
        }
        if (auth.isEmpty()) {
            return true;
        }
        String header = handshake.headers().get("Authorization");
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && auth.get().accepts(header.substring(BEARER.length()).trim())) {
            return true;
        }
        String cookies = handshake.headers().get("Cookie");
        return cookies != null && ServerCookieDecoder.LAX.decode(cookies).stream()
                .anyMatch(c -> c.name().equals(COOKIE) && auth.get().accepts(c.value()));
    }

    static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI o = new URI(origin);
            String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            String h = host.toLowerCase(Locale.ROOT);
            String a = authority == null ? "" : authority.toLowerCase(Locale.ROOT);
            return a.equals(h) || (a + ":" + ("https".equals(o.getScheme()) ? 443 : 80)).equals(h)
                    || a.equals(h.replaceFirst(":(80|443)$", ""));
        } catch (Exception e) {
            return false;
        }
    }

    private void loginWithQueryToken(RoutingContext ctx) {
        String token = ctx.request().getParam("token");
        if (token == null) {
            ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").sendFile("webroot/login.html");
        } else {
            login(ctx, token);
        }
    }

    private void login(RoutingContext ctx, String token) {
        if (auth.isEmpty() || auth.get().accepts(token)) {
            if (auth.isPresent()) {
                ctx.response().addCookie(Cookie.cookie(COOKIE, token).setPath("/").setHttpOnly(true)
                        .setSameSite(CookieSameSite.STRICT));
            }
            ctx.response().setStatusCode(303).putHeader("Location", "./").end();
        } else {
            ctx.response().setStatusCode(401).putHeader("Content-Type", "text/html; charset=utf-8")
                    .sendFile("webroot/login.html");
        }
    }
}
