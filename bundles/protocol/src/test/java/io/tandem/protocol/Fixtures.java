package io.tandem.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The captured packets under src/test/resources/fixtures/ (see the README.md there). */
final class Fixtures {

    /** Every fixture the capture script writes. */
    static final List<String> NAMES = List.of(
            "dhclient-discover.bin",
            "dhclient-request-selecting.bin",
            "dhclient-request-init-reboot.bin",
            "dhclient-release.bin",
            "isc-offer.bin",
            "isc-ack.bin",
            "isc-ack-init-reboot.bin",
            "udhcpc-discover.bin",
            "udhcpc-request-selecting.bin",
            "isc-offer-udhcpc.bin",
            "isc-ack-udhcpc.bin");

    private Fixtures() {
    }

    /** The bytes of fixture {@code name}, or empty if it is not there. */
    static Optional<byte[]> find(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of fixture {@code name}; fails the test if it is missing. */
    static byte[] load(String name) {
        return find(name).orElseThrow(() -> new AssertionError("fixture src/test/resources/fixtures/" + name
                + " is missing; regenerate it with capture.sh in that directory"));
    }

    /**
     * The xid README.md's summary table gives for fixture {@code name}; xids change with every capture, so the
     * expected value is read from the description generated with the files.
     */
    static int documentedXid(String name) {
        String row = readme().lines().filter(line -> line.startsWith("| `" + name + "` |")).findFirst()
                .orElseThrow(() -> new AssertionError("README.md has no summary row for " + name));
        String xid = row.split("\\|")[4].replace("`", "").strip();
        return Integer.parseUnsignedInt(xid.substring(2), 16);
    }

    private static String readme() {
        return new String(load("README.md"), StandardCharsets.UTF_8);
    }

    /** All fixtures present, by name. */
    static Map<String, byte[]> present() {
        return NAMES.stream().filter(name -> find(name).isPresent())
                .collect(Collectors.toMap(Function.identity(), Fixtures::load));
    }
}
