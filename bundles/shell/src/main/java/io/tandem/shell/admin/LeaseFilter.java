package io.tandem.shell.admin;

import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.api.model.Subnet;
import io.tandem.protocol.HardwareAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which leases an operator asked for; an empty criterion matches every lease.
 *
 * @param subnet only this served subnet, else all of them
 * @param state only leases in this state
 * @param mac only leases of this hardware address
 * @param client only leases of the client with this client identifier (option 61)
 */
public record LeaseFilter(Optional<Subnet> subnet, Optional<BindingState> state, Optional<HardwareAddress> mac,
        Optional<ClientId> client) implements Predicate<Lease> {

    public LeaseFilter {
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(client, "client");
    }

    /**
     * Parses the operator's criteria; a null or blank text is no criterion.
     *
     * @throws IllegalArgumentException naming the first criterion that does not parse or the subnet not served
     */
    public static LeaseFilter parse(String subnet, String state, String mac, String clientIdentifier,
            List<Subnet> served) {
        return new LeaseFilter(
                given(subnet).map(text -> UserInput.servedSubnet(text, served)),
                given(state).map(UserInput::state),
                given(mac).map(UserInput::mac),
                given(clientIdentifier).map(UserInput::clientIdentifier));
    }

    private static Optional<String> given(String text) {
        return Optional.ofNullable(text).filter(value -> !value.isBlank());
    }

    /** True if {@code lease} meets the state, MAC and client criteria (the subnet is chosen before). */
    @Override
    public boolean test(Lease lease) {
        return state.map(wanted -> lease.state() == wanted).orElse(true)
                && mac.map(wanted -> wanted.equals(lease.hardware())).orElse(true)
                && client.map(wanted -> wanted.equals(lease.client())).orElse(true);
    }
}
