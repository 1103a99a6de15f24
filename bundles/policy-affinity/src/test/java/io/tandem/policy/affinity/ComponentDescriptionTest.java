package io.tandem.policy.affinity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What SCR and Config Admin read from the bundle: the DS and metatype descriptors bnd generated. */
class ComponentDescriptionTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = ComponentDescriptionTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("generated resource %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void isAnImmediateAllocationPolicyRankedOneHundredAndOptionallyConfigured() throws IOException {
        String component = resource("OSGI-INF/io.tandem.policy.affinity.AffinityPolicy.xml");

        assertThat(component)
                .contains("immediate=\"true\"")
                .contains("configuration-policy=\"optional\"")
                .contains("configuration-pid=\"io.tandem.policy.affinity\"")
                .contains("<provide interface=\"io.tandem.api.AllocationPolicy\"/>")
                .containsPattern("<property name=\"service.ranking\" type=\"Integer\" value=\"100\"/>");
    }

    @Test
    void theRankingIsDescribedForConfigAdmin() throws IOException {
        String metatype = resource("OSGI-INF/metatype/io.tandem.policy.affinity.xml");

        assertThat(metatype)
                .containsPattern("<AD id=\"service.ranking\" type=\"Integer\"[^>]*default=\"100\"");
    }
}
