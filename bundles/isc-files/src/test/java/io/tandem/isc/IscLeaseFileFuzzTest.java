package io.tandem.isc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded mutations of the staged lease files: whatever the damage, only {@link IscLeaseFileException} escapes. */
class IscLeaseFileFuzzTest {

    private static final String ALPHABET = "{};=\"\\#\n 0123456789/:abcdefghijklmnopqrstuvwxyz.-\u00ff";

    @Test
    void onlyTheParseExceptionEscapes() throws IOException {
        String seed = Files.readString(IscLeaseFileTest.staged("staged-secondary.leases"), StandardCharsets.ISO_8859_1)
                + "lease 192.168.77.110 { starts epoch 5; ends never; uid 1:2:3; set x = \"a\\101\"; on expiry { } }\n";
        Random random = new Random(20261124);
        int accepted = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder text = new StringBuilder(seed);
            for (int edits = 1 + random.nextInt(4); edits > 0 && text.length() > 0; edits--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                    default -> text.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
            }
            try {
                IscLeaseFile.parse(text.toString(), IscLeaseFileTest.NOW);
                accepted++;
            } catch (IscLeaseFileException e) {
                assertThat(e.getLine()).isBetween(1, (int) text.chars().filter(c -> c == '\n').count() + 1);
            }
        }
        assertThat(accepted).as("mutations that still parse").isBetween(1, 49_999);
    }
}
