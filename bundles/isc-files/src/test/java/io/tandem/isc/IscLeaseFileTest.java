package io.tandem.isc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.api.FailoverState;
import io.tandem.api.model.BindingState;
import io.tandem.api.model.ClientId;
import io.tandem.api.model.Lease;
import io.tandem.protocol.HardwareAddress;
import io.tandem.protocol.Ipv4Address;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IscLeaseFileTest {

    static final Instant NOW = Leases.STAGED_AT;

    static Path staged(String name) {
        return Leases.staged(name);
    }

    static ClientId uid(int... bytes) {
        byte[] value = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            value[i] = (byte) bytes[i];
        }
        return ClientId.fromClientIdentifier(value);
    }

    private static IscLeaseFile parse(String text) throws IscLeaseFileException {
        return IscLeaseFile.parse(text, NOW);
    }

    @Test
    void readsTheStagedPrimaryFile() throws IOException, IscLeaseFileException {
        IscLeaseFile file = IscLeaseFile.read(staged("staged-primary.leases"), NOW);

        Instant starts = Instant.parse("2026-11-24T18:50:10Z");
        Instant ends = Instant.parse("2026-11-24T19:00:10Z");
        Lease expected104 = Lease.builder(Ipv4Address.parse("192.168.77.104"))
                .state(BindingState.FREE)
                .client(uid(1, 2, 0, 0, 0, 0, 3))
                .hardware(HardwareAddress.parseEthernet("02:00:00:00:00:03"))
                .start(starts).end(ends).tstp(ends).tsfp(ends).atsfp(ends).cltt(starts)
                .build();
        assertThat(file.leases()).hasSize(3);
        assertThat(file.leases().get(0)).isEqualTo(expected104);
        assertThat(file.leases()).extracting(Lease::state)
                .containsExactly(BindingState.FREE, BindingState.BACKUP, BindingState.BACKUP);
        assertThat(file.leases()).extracting(Lease::client)
                .containsExactly(uid(1, 2, 0, 0, 0, 0, 3), uid(1, 2, 0, 0, 0, 0, 1), uid(1, 2, 0, 0, 0, 0, 5));
        assertThat(file.failoverPeers()).containsExactly(new FailoverPeerState("fo-lab",
                Optional.of(FailoverState.NORMAL), Optional.of(starts),
                Optional.of(FailoverState.NORMAL), Optional.of(starts), Optional.empty()));
    }

    @Test
    void readsTheStagedSecondaryFileWithItsMclt() throws IOException, IscLeaseFileException {
        IscLeaseFile file = IscLeaseFile.read(staged("staged-secondary.leases"), NOW);

        assertThat(file.leases()).extracting(lease -> lease.address().toString())
                .containsExactly("192.168.77.104", "192.168.77.105", "192.168.77.106");
        assertThat(file.failoverPeers()).singleElement().satisfies(peer -> {
            assertThat(peer.bothNormal()).isTrue();
            assertThat(peer.mclt()).contains(Duration.ofSeconds(60));
        });
    }

    @Test
    void resolvesOctalAndCharacterEscapesInAUid() throws IscLeaseFileException {
        // \" is a quote, \\ a backslash, \0 and \377 octal, "a" a plain byte; the \} is not a brace.
        IscLeaseFile file = parse("""
                lease 10.0.0.1 {
                  binding state free;
                  uid "\\001\\"\\\\a\\0\\377\\}";
                }
                """);

        assertThat(file.leases().get(0).client()).isEqualTo(uid(1, '"', '\\', 'a', 0, 0xff, '}'));
    }

    @Test
    void readsAUidWrittenAsColonHex() throws IscLeaseFileException {
        IscLeaseFile file = parse("lease 10.0.0.1 { binding state backup; uid 1:2:a:0:ff; }");

        assertThat(file.leases().get(0).client()).isEqualTo(uid(1, 2, 0x0a, 0, 0xff));
    }

    @Test
    void fillsMissingFieldsAsIscDoes() throws IscLeaseFileException {
        IscLeaseFile file = parse("""
                lease 10.0.0.1 { ends 2 2026/11/24 19:30:00; hardware ethernet 02:00:00:00:00:01; }
                lease 10.0.0.2 { ends 2 2026/11/24 18:30:00; hardware token-ring 2:0:0:0:0:2; }
                lease 10.0.0.3 { }
                """);

        Lease future = file.leases().get(0);
        assertThat(future.state()).as("no binding state, ends later: ACTIVE").isEqualTo(BindingState.ACTIVE);
        assertThat(future.client()).isEqualTo(ClientId.fromHardware(HardwareAddress.parseEthernet("02:00:00:00:00:01")));
        assertThat(future.tstp()).as("no tstp: ends").isEqualTo(Instant.parse("2026-11-24T19:30:00Z"));
        assertThat(future.start()).isEqualTo(Lease.UNSET);
        Lease past = file.leases().get(1);
        assertThat(past.state()).as("no binding state, ended: EXPIRED").isEqualTo(BindingState.EXPIRED);
        assertThat(past.hardware().type()).isEqualTo(6);
        assertThat(file.leases().get(2)).isEqualTo(Lease.builder(Ipv4Address.parse("10.0.0.3"))
                .state(BindingState.EXPIRED).build());
    }

    @Test
    void theLastBlockOfAnAddressWins() throws IscLeaseFileException {
        IscLeaseFile file = parse("""
                lease 10.0.0.9 { binding state free; }
                lease 10.0.0.1 { binding state active; ends never; uid "\\001\\001"; }
                lease 10.0.0.9 { binding state backup; }
                lease 10.0.0.1 { binding state released; uid "\\001\\002"; }
                """);

        assertThat(file.leases()).extracting(lease -> lease.address().toString()).containsExactly("10.0.0.1", "10.0.0.9");
        assertThat(file.leases().get(0).state()).isEqualTo(BindingState.RELEASED);
        assertThat(file.leases().get(0).client()).isEqualTo(uid(1, 2));
        assertThat(file.leases().get(1).state()).isEqualTo(BindingState.BACKUP);
    }

    @Test
    void readsEveryTimeFormAndSkipsWhatItDoesNotUse() throws IscLeaseFileException {
        IscLeaseFile file = parse("""
                # comment { with a brace
                authoring-byte-order little-endian;
                server-duid "\\000\\001}{";
                host fixed { dynamic; hardware ethernet 02:00:00:00:00:09; fixed-address 10.0.0.50; }
                lease 10.0.0.1 {
                  starts epoch 1795546800; # Tue Nov 24 19:00:00 2026
                  ends never;
                  tstp 2 2026/11/24 19:59:59;
                  tsfp 2 2026/11/24 19:49:29;
                  atsfp 2 2026/11/24 19:49:29;
                  cltt 2 2026/11/24 19:00:00;
                  binding state active;
                  next binding state expired;
                  rewind binding state free;
                  reserved;
                  hardware ethernet 02:00:00:00:00:05;
                  uid "\\001\\002\\000\\000\\000\\000\\005";
                  client-hostname "braces {in} a \\"name\\"";
                  set ddns-fwd-name = "x;y}";
                  on expiry { set a = "}"; on release { } }
                  option agent.circuit-id "port 1";
                }
                """);

        Lease lease = file.leases().get(0);
        assertThat(lease.start()).isEqualTo(Instant.parse("2026-11-24T19:00:00Z"));
        assertThat(lease.end()).isEqualTo(IscLeaseFile.NEVER);
        assertThat(lease.tstp()).isEqualTo(Instant.parse("2026-11-24T19:59:59Z"));
        assertThat(lease.tsfp()).isEqualTo(Instant.parse("2026-11-24T19:49:29Z"));
        assertThat(lease.atsfp()).isEqualTo(lease.tsfp());
        assertThat(lease.cltt()).isEqualTo(Instant.parse("2026-11-24T19:00:00Z"));
        assertThat(lease.hostname()).isEqualTo("braces {in} a \"name\"");
        assertThat(lease.client()).isEqualTo(uid(1, 2, 0, 0, 0, 0, 5));
        assertThat(lease.rewind()).as("the state ISC's peer last heard of").isEqualTo(BindingState.FREE);
        assertThat(file.leases()).hasSize(1);
    }

    @Test
    void anAbandonedLeaseKeepsNoClient() throws IscLeaseFileException {
        IscLeaseFile file = parse("lease 10.0.0.1 { binding state abandoned; hardware ethernet 2:0:0:0:0:1; uid 1:2; }");

        assertThat(file.leases().get(0).client()).isNull();
        assertThat(file.leases().get(0).hardware()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad address                |lease 10.0.0.256 { }                                                |1|not an IPv4 address
            unclosed lease             |\\nlease 10.0.0.1 {\\n binding state free;\\n                        |2|lease 10.0.0.1 is not closed
            unknown binding state      |lease 10.0.0.1 {\\n binding state bound;\\n}                        |2|unknown binding state 'bound'
            missing semicolon          |lease 10.0.0.1 {\\n binding state free\\n}                          |3|expected ';' after the binding state, found '}'
            bad date                   |lease 10.0.0.1 {\\n\\n ends 2 2026/02/30 10:00:00;\\n}              |3|not a calendar date
            bad clock                  |lease 10.0.0.1 { ends 2 2026/02/03 10:61:00; }                       |1|'61' in '10:61:00' is not 0 to 59
            bad weekday                |lease 10.0.0.1 { ends 7 2026/02/03 10:00:00; }                       |1|'7' in '7' is not 0 to 6
            time keyword missing       |lease 10.0.0.1 { ends; }                                             |1|expected a date, 'never' or 'epoch' after 'ends', found ';'
            unclosed string            |lease 10.0.0.1 {\\n client-hostname "abc;\\n}\\n                     |2|string not closed
            octal beyond a byte        |lease 10.0.0.1 { uid "\\777"; }                                      |1|octal escape \\777 is beyond one byte
            one-byte uid               |lease 10.0.0.1 {\\n uid "\\001";\\n}                                |2|uid: client identifier of 1 bytes
            uid not hex                |lease 10.0.0.1 { uid 1:zz; }                                        |1|'1:zz' is not colon-separated hex
            unknown hardware type      |lease 10.0.0.1 { hardware wifi 1:2; }                               |1|unknown hardware type 'wifi'
            hardware too long          |lease 10.0.0.1 { hardware ethernet 1:2:3:4:5:6:7:8:9:a:b:c:d:e:f:0:1; }|1|longer than 16
            active without client      |lease 10.0.0.1 {\\n binding state active;\\n}                       |1|is ACTIVE but has no client
            stray brace                |}                                                                   |1|expected a statement, found '}'
            unfinished statement       |\\nauthoring-byte-order little-endian                              |2|statement 'authoring-byte-order' is not finished
            unknown failover state     |failover peer "x" state {\\n my state sleepy at 2 2026/11/24 18:50:10;\\n}|2|unknown failover state 'sleepy'
            unclosed failover block    |failover peer "x" state { mclt 60;                                  |1|failover peer "x" is not closed
            string as a statement      |"lease"                                                             |1|expected a statement, found a string
            """)
    void rejectsMalformedInputNamingTheLine(String name, String text, int line, String reason) {
        String input = text.strip().replace("\\n", "\n");

        assertThatThrownBy(() -> parse(input))
                .isInstanceOf(IscLeaseFileException.class)
                .hasMessageStartingWith("line " + line + ": ")
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((IscLeaseFileException) e).getLine()).isEqualTo(line));
    }
}
