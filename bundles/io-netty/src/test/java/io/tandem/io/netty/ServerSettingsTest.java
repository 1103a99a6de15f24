package io.tandem.io.netty;

import io.tandem.api.ConfigurationRejectedException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every bad value is refused with its key and a reason; good values come through as configured. */
class ServerSettingsTest {

    private static void assertRejected(TestConfig config, String key, String reason) {
        assertThatThrownBy(() -> ServerSettings.from(config, name -> true))
                .isInstanceOf(ConfigurationRejectedException.class)
                .hasMessage("configuration rejected pid=io.tandem.server key=" + key + " reason=\"" + reason + "\"");
    }

    @Test
    void goodValuesAreKept() throws ConfigurationRejectedException {
        ServerSettings settings = ServerSettings.from(new TestConfig().interfaces("lo").port(1067).clientPort(1068)
                .relayPort(2067).maxPendingRequests(5).receiveBufferBytes(65_536), name -> true);
        assertThat(settings).isEqualTo(new ServerSettings(List.of("lo"), 1067, 1068, 2067, 5, 65_536));
    }

    @Test
    void aValueMayListSeveralInterfacesAndDuplicatesCollapse() throws ConfigurationRejectedException {
        assertThat(ServerSettings.from(new TestConfig().interfaces(" lo, lo ", "lo"), name -> true).interfaces())
                .containsExactly("lo");
    }

    @Test
    void noInterfaceIsRefused() {
        assertRejected(new TestConfig().interfaces(new String[0]), "interfaces",
                "no interface named; nothing would be served");
        assertRejected(new TestConfig().interfaces(" ", ","), "interfaces",
                "no interface named; nothing would be served");
    }

    @Test
    void anInterfaceThatMustExistAndDoesNotIsRefused() {
        assertRejected(new TestConfig().interfaces("lo", "tdm-io-nope"), "interfaces",
                "no network interface named tdm-io-nope (a change may only add an interface that exists)");
    }

    @Test
    void anInterfaceThatMayAppearLaterIsKept() throws ConfigurationRejectedException {
        assertThat(ServerSettings.from(new TestConfig().interfaces("lo", "tdm-io-later"), "lo"::equals).interfaces())
                .containsExactly("lo", "tdm-io-later");
    }

    @Test
    void portsOutsideTheUdpRangeAreRefused() {
        assertRejected(new TestConfig().port(0), "port", "port 0 is outside 1-65535");
        assertRejected(new TestConfig().clientPort(65_536), "clientPort", "port 65536 is outside 1-65535");
        assertRejected(new TestConfig().relayPort(-1), "relayPort", "port -1 is outside 1-65535");
    }

    @Test
    void maxPendingRequestsMustAdmitSomething() {
        assertRejected(new TestConfig().maxPendingRequests(0), "maxPendingRequests", "0 must be at least 1");
    }

    @Test
    void receiveBufferBytesMustBePositive() {
        assertRejected(new TestConfig().receiveBufferBytes(0), "receiveBufferBytes", "0 must be at least 1");
    }
}
