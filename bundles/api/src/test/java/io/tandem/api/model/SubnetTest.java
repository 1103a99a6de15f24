package io.tandem.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.protocol.Ipv4Address;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubnetTest {

    @Test
    void parsesCidrAndDerivesMaskAndBroadcast() {
        Subnet subnet = Subnet.parse("192.0.2.0/24", List.of(PoolRange.parse("192.0.2.10-192.0.2.99")));

        assertThat(subnet.mask()).isEqualTo(Ipv4Address.parse("255.255.255.0"));
        assertThat(subnet.broadcast()).isEqualTo(Ipv4Address.parse("192.0.2.255"));
        assertThat(subnet.contains(Ipv4Address.parse("192.0.2.200"))).isTrue();
        assertThat(subnet.contains(Ipv4Address.parse("192.0.3.1"))).isFalse();
        assertThat(subnet.inPool(Ipv4Address.parse("192.0.2.99"))).isTrue();
        assertThat(subnet.inPool(Ipv4Address.parse("192.0.2.100"))).isFalse();
        assertThat(subnet.pools().get(0).size()).isEqualTo(90);
    }

    @Test
    void hostBitsInNetworkAddressAreRefused() {
        assertThatThrownBy(() -> Subnet.parse("192.0.2.1/24", List.of()))
                .hasMessageContaining("host bits set");
    }

    @Test
    void poolsMustStayInsideTheHostRange() {
        assertThatThrownBy(() -> Subnet.parse("192.0.2.0/24", List.of(PoolRange.parse("192.0.2.0-192.0.2.9"))))
                .hasMessageContaining("not inside the hosts");
        assertThatThrownBy(() -> Subnet.parse("192.0.2.0/24", List.of(PoolRange.parse("192.0.2.200-192.0.2.255"))))
                .hasMessageContaining("not inside the hosts");
    }

    @Test
    void overlappingPoolsAreRefused() {
        assertThatThrownBy(() -> Subnet.parse("192.0.2.0/24",
                List.of(PoolRange.parse("192.0.2.10-192.0.2.50"), PoolRange.parse("192.0.2.50-192.0.2.60"))))
                .hasMessageContaining("overlap");
    }

    @Test
    void prefixLengthIsBounded() {
        assertThatThrownBy(() -> Subnet.parse("192.0.2.0/31", List.of())).hasMessageContaining("1 to 30");
        assertThatThrownBy(() -> Subnet.parse("192.0.2.0/x", List.of())).hasMessageContaining("not a number");
    }

    @Test
    void reversedPoolRangeIsRefused() {
        assertThatThrownBy(() -> PoolRange.parse("192.0.2.20-192.0.2.10")).hasMessageContaining("ends before");
    }
}
