package io.tandem.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.FailoverRole;
import io.tandem.isc.IscLeaseFileException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfTranslatorTest {

    private static final Path SOURCE = Path.of("/etc/dhcp/dhcpd.conf");

    private static Translation translate(String conf) throws Exception {
        return ConfTranslator.translate(SOURCE, DhcpdConfReader.read(conf));
    }

    private static String file(Translation translation, String name) {
        return translation.files().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow().text();
    }

    @Test
    void a_failover_primary_becomes_the_failover_file_and_one_subnet_file_with_iscs_defaults_written_out()
            throws Exception {
        Translation translation = translate("""
                authoritative;
                ddns-update-style none;
                default-lease-time 600;
                db-time-format default;
                option domain-name "lab.example";
                option domain-name-servers 10.90.0.53, 10.90.0.54;

                failover peer "fo-lab" {
                  primary;
                  address 10.90.0.1;
                  peer address 10.90.0.2;
                  max-unacked-updates 10;
                  mclt 60;
                  split 128;
                }

                subnet 10.90.0.0 netmask 255.255.248.0 {
                  option routers 10.90.0.254;
                  pool {
                    failover peer "fo-lab";
                    deny dynamic bootp clients;
                    range 10.90.1.0 10.90.6.255;
                  }
                  host printer { hardware ethernet 02:00:00:00:00:99; fixed-address 10.90.0.99; }
                }
                """);

        assertThat(translation.files()).extracting(EtcFile::name)
                .containsExactly("io.tandem.failover.cfg", "io.tandem.subnet-10-90-0-0-21.cfg");
        assertThat(file(translation, "io.tandem.failover.cfg")).contains("""
                role = primary
                relationshipName = fo-lab
                localAddress = 10.90.0.1
                localPort = 647
                peerAddress = 10.90.0.2
                peerPort = 647
                mclt = 60
                split = 128
                loadBalanceMaxSeconds = 0
                maxResponseDelay = 20
                maxUnackedUpdates = 10
                autoPartnerDown = 0
                maxLeaseMisbalance = 15
                maxLeaseOwnership = 10
                minBalance = 60
                maxBalance = 3600
                """);
        assertThat(file(translation, "io.tandem.subnet-10-90-0-0-21.cfg")).contains("""
                subnet = 10.90.0.0/21
                pools = 10.90.1.0-10.90.6.255
                """).contains("leaseTime = 600\n", "minLeaseTime = 300\n", "maxLeaseTime = 86400\n",
                "domainName = lab.example\n", "dnsServers = 10.90.0.53, 10.90.0.54\n", "routers = 10.90.0.254\n",
                "reservations = 02:00:00:00:00:99=10.90.0.99\n");
        assertThat(translation.relationship()).contains(
                new Translation.Relationship("fo-lab", FailoverRole.PRIMARY, Duration.ofSeconds(60)));
        assertThat(translation.untranslated()).extracting(Untranslated::shown)
                .containsExactly("line 4: db-time-format default;: no Tandem equivalent");
    }

    @Test
    void the_secondary_leaves_mclt_and_split_to_the_primary_and_says_so() throws Exception {
        Translation translation = translate("""
                failover peer "p" { secondary; address 10.0.0.2; peer address 10.0.0.1; mclt 60; split 128;
                  load balance max seconds 3; }
                subnet 10.0.0.0 netmask 255.255.255.0 { pool { failover peer "p"; range 10.0.0.10 10.0.0.20; } }
                """);

        String failover = file(translation, "io.tandem.failover.cfg");
        assertThat(failover).contains("role = secondary\n", "loadBalanceMaxSeconds = 3\n")
                .doesNotContain("mclt", "split");
        assertThat(translation.untranslated()).extracting(Untranslated::reason)
                .containsExactly("the secondary learns it from the primary", "the secondary learns it from the primary");
    }

    @Test
    void what_tandem_cannot_carry_is_named_line_by_line() throws Exception {
        Translation translation = translate("""
                log-facility local7;
                option ntp-servers ntp.example;
                option subnet-mask 255.255.255.0;
                class "phones" { match if substring(option vendor-class-identifier, 0, 4) = "SIP/"; }
                shared-network office {
                  subnet 10.1.0.0 netmask 255.255.255.0 {
                    option subnet-mask 255.255.255.0;
                    option tftp-server-name "boot";
                    range dynamic-bootp 10.1.0.10 10.1.0.50;
                    min-lease-time 30;
                  }
                }
                host nowhere { hardware ethernet 02:00:00:00:00:01; fixed-address 192.168.9.9; option routers 1.2.3.4; }
                """);

        assertThat(translation.untranslated()).extracting(Untranslated::shown).containsExactly(
                "line 1: log-facility local7;: Tandem logs through Karaf: etc/org.ops4j.pax.logging.cfg",
                "line 2: option ntp-servers ntp.example;: Tandem's ntpServers takes IPv4 addresses, not host names"
                        + " or expressions",
                "line 3: option subnet-mask 255.255.255.0;: Tandem sends the mask of each subnet it serves",
                "line 4: class \"phones\" { ... }: no Tandem equivalent",
                "line 5: shared-network office { ... }: Tandem serves each subnet on its own: the subnets inside"
                        + " are translated one by one, and a client moving between them is a new client",
                "line 8: option tftp-server-name \"boot\";: Tandem does not send option tftp-server-name",
                "line 9: range dynamic-bootp 10.1.0.10 10.1.0.50;: Tandem serves no BOOTP clients; the range is"
                        + " translated for DHCP clients",
                "line 10: min-lease-time 30;: Tandem's shortest lease is 60 s; minLeaseTime is set to that",
                "line 13: option routers 1.2.3.4;: in host nowhere: Tandem's reservations carry an address only",
                "line 13: host nowhere { ... }: fixed-address 192.168.9.9 is in no subnet of this file");
        assertThat(file(translation, "io.tandem.subnet-office.cfg")).contains("pools = 10.1.0.10-10.1.0.50\n",
                "minLeaseTime = 60\n").doesNotContain("reservations");
    }

    @Test
    void lease_times_are_written_so_that_tandem_grants_what_isc_granted() throws Exception {
        Translation translation = translate("""
                default-lease-time 60;
                max-lease-time 60;
                subnet 10.0.0.0 netmask 255.255.255.0 { range 10.0.0.10 10.0.0.20; }
                subnet 10.0.1.0 netmask 255.255.255.0 { default-lease-time 9000; max-lease-time 7200;
                  range 10.0.1.10 10.0.1.20; }
                subnet 10.0.2.0 netmask 255.255.255.0 { max-lease-time 30; range 10.0.2.10 10.0.2.20; }
                """);

        assertThat(file(translation, "io.tandem.subnet-10-0-0-0-24.cfg")).as("ISC's minimum of 300 cut to 60")
                .contains("leaseTime = 60\n", "minLeaseTime = 60\n", "maxLeaseTime = 60\n");
        assertThat(file(translation, "io.tandem.subnet-10-0-1-0-24.cfg")).as("the default cut to the maximum")
                .contains("leaseTime = 7200\n", "minLeaseTime = 300\n", "maxLeaseTime = 7200\n");
        assertThat(file(translation, "io.tandem.subnet-10-0-2-0-24.cfg"))
                .contains("leaseTime = 60\n", "minLeaseTime = 60\n", "maxLeaseTime = 60\n");
        assertThat(translation.untranslated()).extracting(Untranslated::shown).containsExactly("line 6: subnet"
                + " 10.0.2.0/24 { ... }: its longest lease is 30 s, under Tandem's shortest (60 s): leases last 60 s");
    }

    @Test
    void a_parameter_applies_to_everything_in_its_scope_wherever_it_stands() throws Exception {
        Translation translation = translate("""
                subnet 10.0.0.0 netmask 255.255.255.0 { range 10.0.0.10 10.0.0.20; option routers 10.0.0.1; }
                option domain-name-servers 10.0.0.53;
                group {
                  subnet 10.0.1.0 netmask 255.255.255.0 { range 10.0.1.10 10.0.1.20; }
                  default-lease-time 900;
                }
                """);

        assertThat(file(translation, "io.tandem.subnet-10-0-0-0-24.cfg")).contains("dnsServers = 10.0.0.53\n",
                "routers = 10.0.0.1\n", "leaseTime = 43200\n");
        assertThat(file(translation, "io.tandem.subnet-10-0-1-0-24.cfg")).contains("dnsServers = 10.0.0.53\n",
                "leaseTime = 900\n").doesNotContain("routers");
    }

    @Test
    void a_host_matched_by_client_identifier_is_reserved_by_it() throws Exception {
        Translation translation = translate("""
                subnet 10.0.0.0 netmask 255.255.255.0 {
                  host a { option dhcp-client-identifier 1:2:0:0:0:0:5; hardware ethernet 02:00:00:00:00:05;
                    fixed-address 10.0.0.5; }
                  host b { option dhcp-client-identifier "ab"; fixed-address 10.0.0.6; }
                }
                """);

        assertThat(file(translation, "io.tandem.subnet-10-0-0-0-24.cfg"))
                .contains("reservations = id:01020000000005=10.0.0.5, id:6162=10.0.0.6\n");
    }

    @Test
    void what_would_make_the_result_wrong_refuses_the_file_naming_file_line_and_reason() {
        assertThatThrownBy(() -> translate("""
                subnet 10.0.0.0 netmask 255.255.255.0 {
                  pool { failover peer "missing"; range 10.0.0.10 10.0.0.20; }
                }
                """)).isInstanceOf(ImportRefusedException.class)
                .hasMessage("/etc/dhcp/dhcpd.conf line 2: pool names failover peer \"missing\", which is not declared");
        assertThatThrownBy(() -> translate("""
                failover peer "p" { primary; address 10.0.0.1; peer address 10.0.0.2; split 128; }
                """)).hasMessage("/etc/dhcp/dhcpd.conf line 1: the primary's failover peer declaration needs mclt"
                + " and split or hba");
        assertThatThrownBy(() -> translate("""
                subnet 10.0.0.0 netmask 255.255.255.0 { range 10.0.1.10 10.0.1.20; }
                """)).hasMessage("/etc/dhcp/dhcpd.conf line 1: range 10.0.1.10 10.0.1.20;: the range is not inside"
                + " subnet 10.0.0.0/24");
        assertThatThrownBy(() -> DhcpdConfReader.read("subnet 10.0.0.0 netmask 255.255.255.0 {\n range 1 2\n}"))
                .isInstanceOf(IscLeaseFileException.class).hasMessage("line 3: statement starting on line 2 needs"
                        + " ';' before '}'");
    }
}
