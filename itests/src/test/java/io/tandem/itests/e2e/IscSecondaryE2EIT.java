package io.tandem.itests.e2e;

import org.junit.BeforeClass;

/**
 * {@link IscInteropScenarios} with Tandem as the primary and ISC dhcpd as the secondary, Tandem started last: its
 * connection to the secondary's port 647 carries the relationship (scenario 2).
 */
public class IscSecondaryE2EIT extends IscInteropScenarios {

    @BeforeClass
    public static void startPair() throws Exception {
        startPair("tdis", true, false);
    }
}
