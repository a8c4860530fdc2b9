package org.inpaint.app.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The API token the server requires, decided once at start: the configured {@code http.token} when set; else, when
 * the server listens beyond the loopback interface, the token kept in the state directory, generated (256 random
 * bits) the first time; else none, and the API is open to this machine only.
 *
 * @param value     the token, or empty when none is required
 * @param generated whether it was made or read from the state file (so the server prints it once with its URL)
 */
public record ApiToken(Optional<String> value, boolean generated) {

    static final String FILE = "http-token";

    public static ApiToken none() {
        return new ApiToken(Optional.empty(), false);
    }

    public static ApiToken of(String token) {
        return new ApiToken(Optional.of(token), false);
    }

    /** The token for a server bound to {@code host} with {@code configured} set (may be blank) and state in {@code state}. */
    public static ApiToken resolve(String host, String configured, Path state) {
        if (configured != null && !configured.isBlank()) {
            return of(configured.trim());
        }
        if (isLoopback(host)) {
            return none();
        }
        return new ApiToken(Optional.of(stored(state.resolve(FILE))), true);
    }

    public boolean required() {
        return value.isPresent();
    }

    /** Whether {@code host} names only this machine (127.0.0.0/8, ::1, localhost). */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String stored(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                String existing = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (!existing.isEmpty()) {
                    return existing;
                }
            }
            byte[] bits = new byte[32];
            new SecureRandom().nextBytes(bits);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".token-", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system has no POSIX permissions; the directory's own protection applies
            }
            Files.writeString(tmp, token + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the API token in " + file, e);
        }
    }
}
