package io.tandem.io.netty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces the namespace tests create and always remove: each {@link Link} is a namespace
 * {@code tdm-io-NAME} joined to this namespace by a veth pair, {@code tdm-io-NAME0} here and {@code tdm-io-NAME1}
 * inside. Names start with {@code tdm-io-} so leftovers of a killed run are recognisable; they are removed
 * before a link of the same name is made.
 */
final class TestNetworks implements AutoCloseable {

    /** A veth pair between this namespace ({@code hostInterface}) and {@code namespace} ({@code clientInterface}). */
    record Link(String namespace, String hostInterface, String clientInterface) {
    }

    private final List<Link> links = new ArrayList<>();

    /** Whether namespaces can be made here: root, and the ip tool present. */
    static boolean available() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return false;
        }
        try {
            return run(List.of("ip", "netns", "list"), 10).exitCode() == 0;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** Makes namespace {@code tdm-io-NAME} and its veth pair, both ends up, no address on either. */
    Link add(String name) {
        Link link = new Link("tdm-io-" + name, "tdm-io-" + name + "0", "tdm-io-" + name + "1");
        remove(link);
        links.add(link);
        ip("netns", "add", link.namespace());
        ip("link", "add", link.hostInterface(), "type", "veth", "peer", "name", link.clientInterface(), "netns",
                link.namespace());
        ip("link", "set", link.hostInterface(), "up");
        ip("-n", link.namespace(), "link", "set", link.clientInterface(), "up");
        return link;
    }

    /** Gives the host end of {@code link} an address, such as {@code 198.51.100.1/24}. */
    void address(Link link, String cidr) {
        ip("addr", "add", cidr, "dev", link.hostInterface());
    }

    /** Runs {@code command} inside the namespace of {@code link} and returns what it did. */
    Result runInNamespace(Link link, String... command) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", link.namespace()));
        argv.addAll(List.of(command));
        return run(argv, 30);
    }

    @Override
    public void close() {
        links.forEach(TestNetworks::remove);
        links.clear();
    }

    /** Deleting the namespace deletes the veth end in it and with it the pair; the host end is deleted if left. */
    private static void remove(Link link) {
        run(List.of("ip", "netns", "del", link.namespace()), 10);
        run(List.of("ip", "link", "del", link.hostInterface()), 10);
    }

    private static void ip(String... arguments) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(List.of(arguments));
        Result result = run(argv, 10);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed: " + result.output());
        }
    }

    /** What a command printed (stdout and stderr together) and its exit code. */
    record Result(int exitCode, String output) {
    }

    private static Result run(List<String> argv, int timeoutSeconds) {
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", argv) + " did not finish in " + timeoutSeconds + "s");
            }
            return new Result(process.exitValue(),
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + argv, e);
        }
    }
}
