package io.tandem.itests.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The key a test logs in to one server's SSH console with. One command through OpenSSH takes about 0.2 s where
 * {@code bin/client} starts a JVM and takes 4 s on this machine under test load; the tests poll the console all the
 * time, so they type through ssh and keep {@code bin/client} for the tests of {@code bin/client} itself. Each
 * server has a key of its own: test classes run side by side in JVMs of their own.
 */
final class ConsoleKey {

    private final Path privateKey;
    private final String publicKey;

    /** Makes a key pair in {@code directory} with ssh-keygen. */
    ConsoleKey(Path directory) {
        Preconditions.require(Map.of("ssh", "openssh-client", "ssh-keygen", "openssh-client"));
        privateKey = directory.resolve("console-key").toAbsolutePath();
        try {
            Files.deleteIfExists(privateKey);
            Files.deleteIfExists(Path.of(privateKey + ".pub"));
            // RSA, not ECDSA: Karaf 4.4.10 reads an ECDSA key's point coordinates as signed numbers and refuses
            // about one key in 150 (a coordinate starting 0xFF then a byte of 0x80 or more), which once made a
            // fresh server's console refuse every login of a test run.
            Shell.ok("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", privateKey.toString());
            // "ssh-rsa BASE64 comment": Karaf's keys.properties takes the BASE64 part.
            publicKey = Files.readString(Path.of(privateKey + ".pub"), StandardCharsets.UTF_8).split(" ")[1];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of Karaf's etc/keys.properties that let {@code user} in with this key, as an administrator. */
    String keysProperties(String user) {
        return "\n" + user + " = " + publicKey + ",_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n";
    }

    /** The ssh command that runs {@code commands} (one per line) on the console of {@code user} at 127.0.0.1. */
    List<String> ssh(String user, String commands) {
        return List.of("ssh", "-i", privateKey.toString(), "-p", "8101", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                user + "@127.0.0.1", commands);
    }
}
