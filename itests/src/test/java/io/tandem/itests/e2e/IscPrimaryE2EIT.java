package io.tandem.itests.e2e;

import org.junit.BeforeClass;

/**
 * {@link IscInteropScenarios} with ISC dhcpd as the primary and Tandem as the secondary, Tandem started last: its
 * connection to the primary's port 647 carries the relationship (scenario 3).
 */
public class IscPrimaryE2EIT extends IscInteropScenarios {

    @BeforeClass
    public static void startPair() throws Exception {
        startPair("tdip", false, false);
    }
}
