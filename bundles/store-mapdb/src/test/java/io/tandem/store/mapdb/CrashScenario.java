package io.tandem.store.mapdb;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;

/**
 * The leases the crash writer commits, rebuilt identically by the test from an address and a version number:
 * the version is stored in {@code cltt}, so the test can tell which acknowledged change a stored lease is.
 * Clients move between addresses from version to version, so the client index changes constantly.
 */
final class CrashScenario {

    static final int ADDRESSES = 1024;
    static final int CLIENTS = 200;
    static final Ipv4Address BASE = Ipv4Address.parse("10.20.0.1");

    private CrashScenario() {
    }

    static Ipv4Address address(int slot) {
        return new Ipv4Address(BASE.value() + slot);
    }

    static long versionOf(Lease lease) {
        return lease.cltt().getEpochSecond();
    }

    static Lease lease(Ipv4Address address, long version) {
        int mix = Long.hashCode(address.value() * 31L + version * 1_000_003L);
        Lease.Builder builder = Lease.builder(address).cltt(Instant.ofEpochSecond(version));
        switch (Math.floorMod(mix, 4)) {
            case 0, 1 -> builder.state(BindingState.ACTIVE).client(client(mix)).hardware(hardware(mix))
                    .start(Instant.ofEpochSecond(version)).end(Instant.ofEpochSecond(version + 3600))
                    .hostname("host-" + Math.floorMod(mix, CLIENTS));
            case 2 -> builder.state(BindingState.RELEASED).client(client(mix));
            default -> builder.state(BindingState.FREE);
        }
        return builder.build();
    }

    private static ClientId client(int mix) {
        return ClientId.fromClientIdentifier(new byte[] {1, 0x52, 0x54, 0, 0, (byte) Math.floorMod(mix, CLIENTS)});
    }

    private static HardwareAddress hardware(int mix) {
        return HardwareAddress.of(HardwareAddress.ETHERNET, new byte[] {0x52, 0x54, 0, 0, 0, (byte) mix});
    }
}
