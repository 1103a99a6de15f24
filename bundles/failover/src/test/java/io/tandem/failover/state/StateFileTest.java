package io.tandem.failover.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.FailoverState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StateFileTest {

    private static final Instant STOS = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(mode = EnumSource.Mode.EXCLUDE, names = "STARTUP")
    void roundTrip(FailoverState state) throws IOException {
        StateFile file = new StateFile(dir.resolve("sub/failover.state"));
        PersistedState saved = new PersistedState(state, STOS, FailoverState.RECOVER_WAIT, Duration.ofSeconds(3600));
        file.write(saved);
        assertThat(file.read()).contains(saved);
    }

    @Test
    void noFileIsNoSavedState() throws IOException {
        assertThat(new StateFile(dir.resolve("failover.state")).read()).isEmpty();
    }

    @Test
    void aWriteReplacesTheWholeFileAndLeavesNoTemporary() throws IOException {
        Path path = dir.resolve("failover.state");
        StateFile file = new StateFile(path);
        file.write(new PersistedState(FailoverState.NORMAL, STOS, FailoverState.NORMAL, Duration.ofSeconds(60)));
        PersistedState next = new PersistedState(FailoverState.PARTNER_DOWN, STOS.plusSeconds(1),
                FailoverState.UNKNOWN, Duration.ZERO);
        file.write(next);
        assertThat(file.read()).contains(next);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(path);
        }
    }

    @Test
    void aWriteThatFailsBeforeTheRenameLeavesTheOldState() throws IOException {
        Path path = dir.resolve("failover.state");
        StateFile file = new StateFile(path);
        PersistedState old = new PersistedState(FailoverState.NORMAL, STOS, FailoverState.NORMAL,
                Duration.ofSeconds(60));
        file.write(old);
        Files.createDirectory(dir.resolve("failover.state.tmp")); // the temporary cannot be written

        assertThatThrownBy(() -> file.write(new PersistedState(FailoverState.PARTNER_DOWN, STOS,
                FailoverState.NORMAL, Duration.ofSeconds(60)))).isInstanceOf(IOException.class);
        assertThat(file.read()).contains(old);
    }

    @Test
    void aLeftoverTemporaryFromACrashIsOverwritten() throws IOException {
        Path path = dir.resolve("failover.state");
        Files.writeString(dir.resolve("failover.state.tmp"), "half a file");
        StateFile file = new StateFile(path);
        assertThat(file.read()).isEmpty();
        PersistedState saved = new PersistedState(FailoverState.RECOVER, STOS, FailoverState.UNKNOWN, Duration.ZERO);
        file.write(saved);
        assertThat(file.read()).contains(saved);
    }

    @Test
    void damagedFilesAreRefusedWithTheReason() throws IOException {
        Path path = dir.resolve("failover.state");
        StateFile file = new StateFile(path);
        file.write(new PersistedState(FailoverState.NORMAL, STOS, FailoverState.NORMAL, Duration.ofSeconds(60)));
        String good = Files.readString(path);

        assertDamaged(file, path, good.substring(0, good.length() / 2), "truncated");
        assertDamaged(file, path, good.substring(0, good.length() - 1), "truncated");
        assertDamaged(file, path, good.replace("state=normal", "state=partner-down"), "checksum");
        assertDamaged(file, path, good.replace("stos=", "stos=1"), "checksum");
        assertDamaged(file, path, good.replace("mclt=60\n", ""), "keys");
        assertDamaged(file, path, "", "truncated");
        assertDamaged(file, path, "x".repeat(5000), "larger than");
        assertDamaged(file, path, good.replace("format=1", "format=2"), "checksum");
        assertDamaged(file, path, rechecksummed(good.replace("format=1", "format=2")), "format 2");
        assertDamaged(file, path, rechecksummed(good.replace("state=normal", "state=startup")), "STARTUP");
        assertDamaged(file, path, rechecksummed(good.replace("state=normal", "state=sleeping")), "SLEEPING");
        assertDamaged(file, path, rechecksummed(good.replace("mclt=60", "mclt=sixty")), "sixty");
        assertDamaged(file, path, rechecksummed(good.replace("mclt=60", "mclt=60\nmclt=60")), "single key=value");
    }

    private static void assertDamaged(StateFile file, Path path, String content, String reason) throws IOException {
        Files.writeString(path, content, StandardCharsets.US_ASCII);
        assertThatThrownBy(file::read).isInstanceOf(DamagedStateFileException.class)
                .hasMessageContaining(path.toString()).hasMessageContaining(reason);
    }

    /** A content with a valid checksum, as a careful editor (or a bug) would leave it. */
    private static String rechecksummed(String content) {
        String body = content.substring(0, content.lastIndexOf("crc32="));
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return body + "crc32=" + String.format("%08x", crc.getValue()) + "\n";
    }

    @Test
    void persistedStateRefusesStartupAndFractions() {
        assertThatThrownBy(() -> new PersistedState(FailoverState.STARTUP, STOS, FailoverState.NORMAL, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PersistedState(FailoverState.NORMAL, STOS.plusMillis(1), FailoverState.NORMAL,
                Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
