package io.tandem.itests;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * The Karaf every integration test boots: stock Karaf 4.4 with Tandem installed as an operator would, through
 * {@code feature:install tandem}, serving 127.0.0.0/8 on the loopback interface at unprivileged ports.
 */
final class KarafOptions {

    /** Where Tandem listens for DHCP in these tests. */
    static final int SERVER_PORT = 16767;
    /** Where Tandem sends replies for a relay (giaddr); the tests listen here as the relay. */
    static final int RELAY_PORT = 16769;
    /** Where Tandem sends replies to clients. */
    static final int CLIENT_PORT = 16768;

    private KarafOptions() {
    }

    static Option tandemInKaraf() {
        return tandemInKaraf(new String[0]);
    }

    /** As {@link #tandemInKaraf()}, with {@code moreFeatures} of Tandem's repository installed beside "tandem". */
    static Option tandemInKaraf(String... moreFeatures) {
        String[] installed = new String[moreFeatures.length + 1];
        installed[0] = "tandem";
        System.arraycopy(moreFeatures, 0, installed, 1, moreFeatures.length);
        String localRepository = System.getProperty("maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository");
        return composite(
                karafDistributionConfiguration()
                        .frameworkUrl(maven("org.apache.karaf", "apache-karaf").type("tar.gz").versionAsInProject())
                        .unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.INFO),
                // Resolve our SNAPSHOT bundles from the build's local repository.
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg",
                        "org.ops4j.pax.url.mvn.localRepository", localRepository),
                // The ports of a stock Karaf, moved away from any Karaf an operator may be running.
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", "11099"),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", "44445"),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", "18101"),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1"),
                // Tandem's configuration, as files in etc/ like an operator's.
                editConfigurationFilePut("etc/io.tandem.server.cfg", "interfaces", "lo"),
                editConfigurationFilePut("etc/io.tandem.server.cfg", "port", String.valueOf(SERVER_PORT)),
                editConfigurationFilePut("etc/io.tandem.server.cfg", "clientPort", String.valueOf(CLIENT_PORT)),
                editConfigurationFilePut("etc/io.tandem.server.cfg", "relayPort", String.valueOf(RELAY_PORT)),
                editConfigurationFilePut("etc/io.tandem.subnet-loopback.cfg", "subnet", "127.0.0.0/8"),
                editConfigurationFilePut("etc/io.tandem.subnet-loopback.cfg", "pools", "127.0.1.10-127.0.1.250"),
                editConfigurationFilePut("etc/io.tandem.subnet-loopback.cfg", "routers", "127.0.0.1"),
                editConfigurationFilePut("etc/io.tandem.subnet-loopback.cfg", "leaseTime", "3600"),
                features(maven("io.tandem", "tandem-features").type("xml").classifier("features")
                        .versionAsInProject(), installed));
    }
}
