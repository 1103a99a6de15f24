package io.tandem.isc;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/** Small builders for hand-written lease sets. */
public final class Leases {

    public static final Instant T0 = Instant.parse("2026-11-24T18:00:00Z");
    /** When the staged lab files ({@link #staged}) are read: both servers NORMAL, every lease converged. */
    public static final Instant STAGED_AT = Instant.parse("2026-11-24T19:00:00Z");

    private Leases() {
    }

    public static Ipv4Address ip(String text) {
        return Ipv4Address.parse(text);
    }

    public static HardwareAddress mac(int last) {
        return HardwareAddress.of(HardwareAddress.ETHERNET, new byte[] {2, 0, 0, 0, 0, (byte) last});
    }

    public static ClientId client(int last) {
        return ClientId.fromHardware(mac(last));
    }

    public static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** A converged lease: acknowledged (tstp = tsfp = atsfp), started at T0 + 0, ending at T0 + 600. */
    public static Lease.Builder lease(String address, BindingState state, int clientLast) {
        Lease.Builder builder = Lease.builder(ip(address)).state(state)
                .start(at(0)).end(at(600)).tstp(at(900)).tsfp(at(900)).atsfp(at(900)).cltt(at(0));
        return clientLast < 0 ? builder : builder.client(client(clientLast)).hardware(mac(clientLast));
    }

    public static Lease active(String address, int clientLast) {
        return lease(address, BindingState.ACTIVE, clientLast).build();
    }

    /**
     * A lease file the ISC pair lab wrote (../shared/reference/isc-pair), kept as a test resource and copied to a
     * temporary file, since another module's tests read it from this module's test jar.
     */
    public static Path staged(String name) {
        try (InputStream resource = Leases.class.getResourceAsStream("/isc-pair/" + name)) {
            if (resource == null) {
                throw new IllegalArgumentException("no staged lease file " + name);
            }
            Path copy = Files.createTempFile("staged-", "-" + name);
            copy.toFile().deleteOnExit();
            Files.copy(resource, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
