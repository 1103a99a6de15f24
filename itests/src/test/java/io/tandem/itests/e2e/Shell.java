package io.tandem.itests.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short-lived commands to completion and long-lived ones as process groups the harness can kill. */
final class Shell {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private Shell() {
    }

    /** What a finished command printed and returned. */
    record Result(List<String> command, int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** Runs a command to completion (stdout and stderr merged), failing only on timeout. */
    static Result run(List<String> command) {
        return run(command, null, DEFAULT_TIMEOUT);
    }

    static Result run(List<String> command, String stdin, Duration timeout) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process process = builder.start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            // Read on this thread after waiting would deadlock on a full pipe; read in the background instead.
            var output = new java.io.ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try {
                    process.getInputStream().transferTo(output);
                } catch (IOException ignored) {
                    // the process was killed; what was read so far is reported
                }
            });
            reader.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                reader.join(1000);
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command)
                        + "\n" + output.toString(StandardCharsets.UTF_8));
            }
            reader.join();
            return new Result(command, process.exitValue(), output.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", command), e);
        }
    }

    /** Runs a command that must succeed; returns its output. */
    static String ok(String... command) {
        Result result = run(List.of(command));
        if (!result.succeeded()) {
            throw new AssertionError("failed (exit " + result.exitCode() + "): " + String.join(" ", command) + "\n"
                    + result.output());
        }
        return result.output();
    }

    /** Runs a command whose failure does not matter (cleanup). */
    static void quietly(String... command) {
        try {
            run(List.of(command), null, Duration.ofSeconds(20));
        } catch (AssertionError ignored) {
            // cleanup goes on with the next step
        }
    }

    /** The command prefixed to run inside a network namespace. */
    static List<String> inNamespace(String namespace, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        return full;
    }

    /**
     * Starts a long-lived command in its own session (setsid), so that it and every child it forks form one
     * process group the harness can signal as a whole. Output goes to {@code log}.
     */
    static Daemon start(List<String> command, Path log, Path directory) {
        List<String> full = new ArrayList<>(List.of("setsid"));
        full.addAll(command);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            return new Daemon(String.join(" ", command), builder.start(), log);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + String.join(" ", full) + ": " + e.getMessage(), e);
        }
    }

    /** A process group started by {@link #start}; setsid runs in the child, so the child's pid is the group id. */
    static final class Daemon {
        private final String name;
        private final Process process;
        private final Path log;

        Daemon(String name, Process process, Path log) {
            this.name = name;
            this.process = process;
            this.log = log;
        }

        boolean isAlive() {
            return process.isAlive();
        }

        long pid() {
            return process.pid();
        }

        Path log() {
            return log;
        }

        /** Sends a signal to the whole group. */
        void signal(String signal) {
            quietly("kill", "-" + signal, "--", "-" + process.pid());
        }

        /** Asks the group to end with SIGTERM, then kills it if it is still there after {@code grace}. */
        void stop(Duration grace) {
            if (process.isAlive()) {
                signal("TERM");
                try {
                    process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // The leader may be gone while a child it forked lives on: kill the group regardless.
            signal("KILL");
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Whether any process of the group is still there (the leader may exit before its children). */
        boolean groupAlive() {
            return run(List.of("kill", "-0", "--", "-" + process.pid())).succeeded();
        }

        /**
         * Waits until every process of the group has exited. (bin/karaf's shell exits at SIGTERM at once, while the
         * JVM it started is still shutting down.)
         */
        void awaitGroupExit(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (groupAlive()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(name + " still running " + timeout.toSeconds() + " s after SIGTERM; "
                            + "its output:\n" + tail(log, 40));
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }

        /** Waits for the group leader to exit by itself; returns its exit code. */
        int awaitExit(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError(name + " did not exit within " + timeout.toSeconds() + " s; its output:\n"
                            + tail(log, 40));
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        @Override
        public String toString() {
            return name + " (pid " + process.pid() + ")";
        }
    }

    /** The last {@code count} of {@code lines}, joined, for failure messages. */
    static String last(List<String> lines, int count) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /** The last lines of a file, for failure messages; empty when the file does not exist. */
    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file + ")";
            }
            return last(Files.readAllLines(file, StandardCharsets.UTF_8), lines);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
