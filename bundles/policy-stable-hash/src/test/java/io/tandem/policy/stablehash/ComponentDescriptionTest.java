package io.tandem.policy.stablehash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What SCR reads from the bundle: an immediate AllocationPolicy ranked below affinity, optionally configured. */
class ComponentDescriptionTest {

    @Test
    void isAnAllocationPolicyRankedBelowAffinity() throws IOException {
        String name = "OSGI-INF/io.tandem.policy.stablehash.StableHashPolicy.xml";
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("generated %s", name).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("immediate=\"true\"", "configuration-pid=\"io.tandem.policy.stablehash\"",
                            "<provide interface=\"io.tandem.api.AllocationPolicy\"/>")
                    .containsPattern("<property name=\"service.ranking\" type=\"Integer\" value=\"50\"/>");
        }
    }
}
