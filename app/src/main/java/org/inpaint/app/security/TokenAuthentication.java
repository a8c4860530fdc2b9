package org.inpaint.app.security;

import io.vertx.core.Future;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.TokenCredentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Accepts one API token, compared in constant time; every caller who knows it is the same user. */
final class TokenAuthentication implements AuthenticationProvider {

    private final byte[] token;

    TokenAuthentication(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    boolean accepts(String candidate) {
        return candidate != null && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Future<User> authenticate(Credentials credentials) {
        if (credentials instanceof TokenCredentials t && accepts(t.getToken())) {
            return Future.succeededFuture(User.fromName("api"));
        }
        return Future.failedFuture("invalid API token");
    }
}
