package io.tandem.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tandem.protocol.ClientIdentifier;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.HardwareAddress;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClientIdTest {

    private static final HardwareAddress MAC = HardwareAddress.parseEthernet("52:54:00:12:34:56");

    @Test
    void aHardwareIdentityGivesBackItsHardwareAddressAClientIdentifierNone() {
        HardwareAddress mac = HardwareAddress.of(6, new byte[] {2, 0, 0, 0, 0, 7});

        assertThat(ClientId.fromHardware(mac).hardware()).contains(mac);
        assertThat(ClientId.fromClientIdentifier(new byte[] {1, 2, 0, 0, 0, 0, 7}).hardware()).isEmpty();
    }

    @Test
    void optionAndHardwareIdentitiesNeverCompareEqualEvenWithTheSameBytes() {
        ClientId fromOption = ClientId.fromClientIdentifier(new byte[] {1, 0x52, 0x54, 0, 0x12, 0x34, 0x56});
        ClientId fromHardware = ClientId.fromHardware(MAC);

        assertThat(fromOption.bytes()).isEqualTo(fromHardware.bytes());
        assertThat(fromOption).isNotEqualTo(fromHardware);
        assertThat(fromOption.toString()).isEqualTo("id:01:52:54:00:12:34:56");
        assertThat(fromHardware.toString()).isEqualTo("hw:1:52:54:00:12:34:56");
    }

    @Test
    void requestIsIdentifiedByOption61WhenPresentElseByHardwareAddress() {
        DhcpMessage withoutOption = DhcpMessage.builder().chaddr(MAC).build();
        DhcpMessage withOption = withoutOption.toBuilder()
                .clientIdentifier(ClientIdentifier.of(255, new byte[] {0, 0, 0, 1, 0, 4, 9, 9})).build();

        assertThat(ClientId.of(withoutOption)).isEqualTo(ClientId.fromHardware(MAC));
        assertThat(ClientId.of(withOption)).isEqualTo(
                ClientId.fromClientIdentifier(new byte[] {(byte) 255, 0, 0, 0, 1, 0, 4, 9, 9}));
    }

    @Test
    void clientIdentifierShorterThanTwoBytesIsRefused() {
        assertThatThrownBy(() -> ClientId.fromClientIdentifier(new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RFC 2132");
    }

    @Test
    void bytesAreDefensivelyCopied() {
        byte[] option = {1, 2, 3};
        ClientId id = ClientId.fromClientIdentifier(option);
        option[1] = 99;
        id.bytes()[1] = 98;
        assertThat(id.bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void unknownKeyKindIsRefused() {
        assertThatThrownBy(() -> ClientId.fromKey(new byte[] {'x', 1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown kind");
    }

    @Test
    void keyRoundTripsForRandomIdentities() {
        Random random = new Random(20261124);
        for (int i = 0; i < 10_000; i++) {
            byte[] bytes = new byte[random.nextBoolean() ? 2 + random.nextInt(254) : random.nextInt(17)];
            random.nextBytes(bytes);
            ClientId id = bytes.length >= 2 && random.nextBoolean()
                    ? ClientId.fromClientIdentifier(bytes)
                    : ClientId.fromHardware(HardwareAddress.of(random.nextInt(256), Arrays.copyOf(bytes,
                            Math.min(bytes.length, HardwareAddress.MAX_LENGTH))));
            assertThat(ClientId.fromKey(id.toKey())).isEqualTo(id).hasSameHashCodeAs(id);
        }
    }

    @Test
    void clientsWhoseMacsDifferOnlyInTheLastBytesSpreadOverAHashTable() {
        // 65,536 clients as a load generator or a big site numbers them; HashMap turns a bucket of 8 into a tree.
        int slots = 1 << 17;
        int[] buckets = new int[slots];
        int fullest = 0;
        for (int n = 0; n < 65_536; n++) {
            ClientId client = ClientId.fromHardware(HardwareAddress.parseEthernet(
                    String.format("52:54:00:12:%02x:%02x", n >>> 8, n & 0xff)));
            int h = client.hashCode();
            int slot = (h ^ (h >>> 16)) & (slots - 1);
            fullest = Math.max(fullest, ++buckets[slot]);
        }
        assertThat(fullest).as("clients in the fullest of %d buckets", slots).isLessThan(8);
    }
}
