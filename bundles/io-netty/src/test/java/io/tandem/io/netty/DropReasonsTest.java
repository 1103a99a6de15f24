package io.tandem.io.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.protocol.DhcpDecoder;
import io.tandem.protocol.DhcpParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed datagrams map to a small, stable set of keys, taken from what the real decoder reports. */
class DropReasonsTest {

    /** A well-formed message: header, cookie, then the given option bytes. */
    private static byte[] withOptions(int... options) {
        byte[] message = Arrays.copyOf(Requests.bytes(Requests.discover(1)), 240 + options.length);
        for (int i = 0; i < options.length; i++) {
            message[240 + i] = (byte) options[i];
        }
        return message;
    }

    private static String keyOf(byte[] datagram) {
        try {
            DhcpDecoder.decode(datagram);
        } catch (DhcpParseException e) {
            return DropReasons.malformed(e);
        }
        throw new AssertionError("decoded: " + Arrays.toString(datagram));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "truncated          | ",
        "option-overrun     | 12, 10, 97",
        "option-overrun     | 53, 1, 1, 12",
        "after-end          | 53, 1, 1, 255, 0, 7",
        "option-duplicated  | 53, 1, 1, 53, 1, 1, 255",
        "option-53          | 53, 2, 1, 1, 255",
        "option-52          | 52, 1, 9, 255",
        "option-3           | 53, 1, 1, 3, 6, 1, 2, 3, 4, 5, 6, 255",
        "option-121         | 53, 1, 1, 121, 5, 33, 1, 2, 3, 4, 255",
    })
    void optionProblemsAreKeyedByClassAndOptionCode(String key, String options) {
        byte[] datagram = options == null ? new byte[100]
                : withOptions(Arrays.stream(options.split(",")).map(String::trim).mapToInt(Integer::parseInt)
                        .toArray());
        assertThat(keyOf(datagram)).isEqualTo("malformed:" + key);
    }

    @Test
    void headerProblemsHaveTheirOwnKeys() {
        byte[] hlen = withOptions(255);
        hlen[2] = 17;
        assertThat(keyOf(hlen)).isEqualTo("malformed:hlen");
        byte[] cookie = withOptions(255);
        cookie[239] = 0;
        assertThat(keyOf(cookie)).isEqualTo("malformed:magic-cookie");
        byte[] overloadInFile = withOptions(53, 1, 1, 52, 1, 1, 255);
        byte[] fileField = {52, 1, 1, (byte) 255};
        System.arraycopy(fileField, 0, overloadInFile, 108, fileField.length);
        assertThat(keyOf(overloadInFile)).isEqualTo("malformed:overload-misplaced");
    }

    @Test
    void randomGarbageYieldsFewKeysWithoutNumbersOtherThanOptionCodes() {
        Random random = new Random(20261124);
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            byte[] datagram = withOptions();
            datagram = Arrays.copyOf(datagram, 240 + random.nextInt(64));
            for (int j = 240; j < datagram.length; j++) {
                datagram[j] = (byte) random.nextInt(256);
            }
            if (random.nextInt(10) == 0) {
                datagram[2] = (byte) random.nextInt(256);
            }
            try {
                DhcpDecoder.decode(datagram);
            } catch (DhcpParseException e) {
                keys.add(DropReasons.malformed(e));
            }
        }
        assertThat(keys).allMatch(key -> key.matches("malformed:[a-z-]+|malformed:option-\\d{1,3}"));
        assertThat(keys).doesNotContain("malformed:other").hasSizeBetween(5, 40);
    }
}
