package io.tandem.itests.e2e;

/**
 * The lease times both servers are configured with: short enough that a client renews within a test (T1 10 s),
 * long enough that nothing a test holds expires during the run.
 */
final class TestSubnets {

    static final int LEASE_SECONDS = 300;
    static final int MIN_LEASE_SECONDS = 60;
    static final int RENEWAL_SECONDS = 10;
    static final int REBINDING_SECONDS = 250;
    static final String DOMAIN = "e2e.example";

    private TestSubnets() {
    }
}
