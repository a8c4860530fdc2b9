package org.inpaint.app.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenTest {

    @Test
    void loopbackNeedsNoTokenAnyOtherAddressGetsAStoredPrivateOne(@TempDir Path state) throws Exception {
        for (String local : new String[] {"127.0.0.1", "localhost", "::1", "127.0.0.2"}) {
            assertFalse(ApiToken.resolve(local, "", state).required(), local);
        }
        ApiToken exposed = ApiToken.resolve("0.0.0.0", "", state);
        assertTrue(exposed.required());
        assertTrue(exposed.generated());
        String token = exposed.value().orElseThrow();
        assertTrue(token.length() >= 40, token);
        Path file = state.resolve(ApiToken.FILE);
        assertEquals(token, Files.readString(file).trim());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(token, ApiToken.resolve("0.0.0.0", "", state).value().orElseThrow(), "kept across restarts");
    }

    @Test
    void aConfiguredTokenIsRequiredEvenOnLoopback(@TempDir Path state) {
        ApiToken t = ApiToken.resolve("127.0.0.1", " s3cret ", state);
        assertEquals("s3cret", t.value().orElseThrow());
        assertFalse(t.generated());
        assertFalse(Files.exists(state.resolve(ApiToken.FILE)));
    }
}
