package io.tandem.itests;

import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/** The Karaf every integration test boots: stock Karaf 4.4 with SCR and Tandem's bundles. */
final class KarafOptions {

    private KarafOptions() {
    }

    static Option tandemInKaraf() {
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
                features(maven("org.apache.karaf.features", "standard").type("xml").classifier("features")
                        .version(System.getProperty("karaf.version", "4.4.10")), "scr"),
                // MapDB and the exact bundles it needs inside Karaf (../shared/reference/toolchain.md).
                mavenBundle("com.google.guava", "failureaccess").versionAsInProject(),
                mavenBundle("com.google.guava", "guava").versionAsInProject(),
                mavenBundle("org.jetbrains.kotlin", "kotlin-osgi-bundle").versionAsInProject(),
                mavenBundle("org.eclipse.collections", "eclipse-collections-api").versionAsInProject(),
                mavenBundle("org.eclipse.collections", "eclipse-collections").versionAsInProject(),
                mavenBundle("org.lz4", "lz4-java").versionAsInProject(),
                mavenBundle("org.mapdb", "elsa").versionAsInProject(),
                mavenBundle("org.mapdb", "mapdb").versionAsInProject(),
                mavenBundle("io.tandem", "tandem-protocol").versionAsInProject(),
                mavenBundle("io.tandem", "tandem-api").versionAsInProject(),
                mavenBundle("io.tandem", "tandem-store-mapdb").versionAsInProject());
    }
}
