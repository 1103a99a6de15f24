package io.tandem.core;

import io.tandem.api.ConfigurationRejectedException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Subnet configuration: what a .cfg file may say, and how a bad value is refused. */
class SubnetConfigurationTest {

    private static final String PID = "io.tandem.subnet~demo";

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> properties = new HashMap<>(EngineFixture.demoSubnet());
        properties.put(key, value);
        return properties;
    }

    @Test
    void a_cfg_file_list_and_a_real_array_mean_the_same() throws Exception {
        SubnetSettings fromText = SubnetSettingsParser.parse(PID, with("dnsServers", "192.0.2.53, 192.0.2.54"));
        SubnetSettings fromArray = SubnetSettingsParser.parse(PID,
                with("dnsServers", new String[] {"192.0.2.53", "192.0.2.54"}));
        assertThat(fromText.dnsServers()).isEqualTo(fromArray.dnsServers()).hasSize(2);
    }

    @Test
    void every_setting_is_read() throws Exception {
        Map<String, Object> properties = with("classlessRoutes", "10.0.0.0/8=192.0.2.1");
        properties.put("domainSearch", "demo.example, example.org");
        properties.put("ntpServers", "192.0.2.123");
        properties.put("reservations", "aa:bb:cc:dd:ee:ff=192.0.2.10, id:01aabbccddeeff=192.0.2.11");
        properties.put("renewalTime", "600");
        properties.put("rebindingTime", "1200");
        SubnetSettings settings = SubnetSettingsParser.parse(PID, properties);
        assertThat(settings.classlessRoutes()).hasSize(1);
        assertThat(settings.domainSearch()).containsExactly("demo.example", "example.org");
        assertThat(settings.ntpServers()).containsExactly(Ipv4Address.parse("192.0.2.123"));
        assertThat(settings.reservations().byHardware())
                .containsEntry(HardwareAddress.parseEthernet("aa:bb:cc:dd:ee:ff"), Ipv4Address.parse("192.0.2.10"));
        assertThat(settings.reservations().byClientId()).hasSize(1);
        assertThat(settings.leaseTimes().t1(3600)).isEqualTo(600);
        assertThat(settings.leaseTimes().t2(3600)).isEqualTo(1200);
    }

    @Test
    void a_bad_value_is_refused_naming_pid_key_and_reason() {
        assertRefused(with("subnet", "192.0.2.0/33"), "key=subnet");
        assertRefused(with("pools", "192.0.2.100-192.0.3.5"), "key=pools");
        assertRefused(with("pools", "192.0.2.100"), "key=pools");
        assertRefused(with("routers", "192.0.2.300"), "key=routers");
        assertRefused(with("leaseTime", "ten"), "key=leaseTime");
        assertRefused(with("leaseTime", "30"), "key=");
        assertRefused(with("reservations", "aa:bb:cc:dd:ee:ff=203.0.113.5"), "key=reservations");
        assertRefused(with("reservations", "aa:bb:cc:dd:ee:ff=192.0.2.5,aa:bb:cc:dd:ee:ff=192.0.2.6"),
                "key=reservations");
        assertRefused(with("classlessRoutes", "10.0.0.0=192.0.2.1"), "key=classlessRoutes");
        Map<String, Object> noSubnet = new HashMap<>(EngineFixture.demoSubnet());
        noSubnet.remove("subnet");
        assertRefused(noSubnet, "key=subnet");
    }

    private static void assertRefused(Map<String, Object> properties, String key) {
        assertThatThrownBy(() -> SubnetSettingsParser.parse(PID, properties))
                .isInstanceOf(ConfigurationRejectedException.class)
                .hasMessageContaining("pid=" + PID).hasMessageContaining(key).hasMessageContaining("reason=");
    }

    @Test
    void a_refused_change_keeps_the_last_good_subnet_serving() {
        SubnetComponent component = new SubnetComponent();
        int[] changes = {0};
        component.activate(EngineFixture.demoSubnet());
        component.watch(() -> changes[0]++);
        component.modified(with("pools", "nonsense"));
        assertThat(component.settings()).map(settings -> settings.subnet().pools().get(0).toString())
                .contains("192.0.2.100-192.0.2.199");
        assertThat(component.problem()).hasValueSatisfying(problem -> assertThat(problem.toString())
                .contains("name=demo", "key=pools"));
        component.modified(with("pools", "192.0.2.10-192.0.2.20"));
        assertThat(component.problem()).isEmpty();
        assertThat(component.settings().orElseThrow().subnet().pools().get(0).toString())
                .isEqualTo("192.0.2.10-192.0.2.20");
        assertThat(changes[0]).isEqualTo(2);
    }

    @Test
    void a_subnet_refused_at_first_serves_nothing() {
        SubnetComponent component = new SubnetComponent();
        component.activate(with("subnet", "not-a-subnet"));
        assertThat(component.settings()).isEmpty();
        assertThat(component.problem()).isPresent();
    }

    @Test
    void a_change_is_described_by_the_settings_that_differ_as_an_operator_writes_them() throws Exception {
        SubnetSettings before = SubnetSettingsParser.parse(PID, EngineFixture.demoSubnet());
        Map<String, Object> properties = with("leaseTime", "600");
        properties.put("ntpServers", "192.0.2.123");
        properties.put("reservations", "aa:bb:cc:dd:ee:ff=192.0.2.10");
        SubnetSettings after = SubnetSettingsParser.parse(PID, properties);

        assertThat(after.name()).isEqualTo("demo");
        assertThat(after.changesSince(before)).isEqualTo("ntpServers - -> 192.0.2.123; leaseTime 3600 -> 600;"
                + " reservations - -> aa:bb:cc:dd:ee:ff=192.0.2.10");
        assertThat(after.changesSince(after)).isEmpty();
        assertThat(after.inEffect()).containsEntry("routers", "192.0.2.1").containsEntry("domainName", "demo.example")
                .containsEntry("renewalTime", "0 (half the lease time)").containsKeys("subnet", "pools", "maxLeaseTime");
    }
}
