package io.tandem.store.mapdb;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;

/** Leases for the tests. */
final class TestLeases {

    private TestLeases() {
    }

    static Ipv4Address ip(String text) {
        return Ipv4Address.parse(text);
    }

    static ClientId client(int n) {
        return ClientId.fromClientIdentifier(new byte[] {1, 0x52, 0x54, 0, 0, (byte) (n >> 8), (byte) n});
    }

    static ClientId hardwareClient(int n) {
        return ClientId.fromHardware(mac(n));
    }

    static HardwareAddress mac(int n) {
        return HardwareAddress.of(HardwareAddress.ETHERNET, new byte[] {0x52, 0x54, 0, 0, (byte) (n >> 8), (byte) n});
    }

    /** An ACTIVE lease with every optional field set. */
    static Lease active(String address, ClientId client) {
        return Lease.builder(ip(address))
                .state(BindingState.ACTIVE)
                .client(client)
                .hardware(mac(7))
                .start(Instant.parse("2026-11-24T10:00:00Z"))
                .end(Instant.parse("2026-11-24T11:00:00Z"))
                .tstp(Instant.parse("2026-11-24T11:30:00Z"))
                .tsfp(Instant.parse("2026-11-24T11:20:00Z"))
                .atsfp(Instant.parse("2026-11-24T11:10:00Z"))
                .cltt(Instant.parse("2026-11-24T10:00:00Z"))
                .hostname("printer-3.example")
                .relayAgentInfo(new byte[] {1, 4, 'p', 'o', 'r', 't'})
                .build();
    }
}
