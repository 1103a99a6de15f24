package io.tandem.failover.audit;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.time.Instant;

/** Small builders for hand-written lease sets. */
final class Leases {

    static final Instant T0 = Instant.parse("2026-11-24T18:00:00Z");

    private Leases() {
    }

    static Ipv4Address ip(String text) {
        return Ipv4Address.parse(text);
    }

    static HardwareAddress mac(int last) {
        return HardwareAddress.of(HardwareAddress.ETHERNET, new byte[] {2, 0, 0, 0, 0, (byte) last});
    }

    static ClientId client(int last) {
        return ClientId.fromHardware(mac(last));
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** A converged lease: acknowledged (tstp = tsfp = atsfp), started at T0 + 0, ending at T0 + 600. */
    static Lease.Builder lease(String address, BindingState state, int clientLast) {
        Lease.Builder builder = Lease.builder(ip(address)).state(state)
                .start(at(0)).end(at(600)).tstp(at(900)).tsfp(at(900)).atsfp(at(900)).cltt(at(0));
        return clientLast < 0 ? builder : builder.client(client(clientLast)).hardware(mac(clientLast));
    }

    static Lease active(String address, int clientLast) {
        return lease(address, BindingState.ACTIVE, clientLast).build();
    }
}
