package io.tandem.shell.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.shell.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.junit.jupiter.api.Test;

class CompletersTest {

    /** The candidates {@code completer} offers when the cursor ends the word {@code typed}. */
    private static List<String> candidates(Completer completer, String typed) {
        List<String> candidates = new ArrayList<>();
        completer.complete(null, new TypedWord(typed), candidates);
        return candidates.stream().map(String::trim).toList();
    }

    @Test
    void addressesAreThoseBoundToAClient() {
        BoundAddressCompleter completer = new BoundAddressCompleter();
        completer.admin = Fixtures.server();

        assertThat(candidates(completer, "")).containsExactly("192.0.2.10", "192.0.2.11", "198.51.100.100");
        assertThat(candidates(completer, "198.")).containsExactly("198.51.100.100");
    }

    @Test
    void subnetsAreTheServedOnes() {
        SubnetCompleter completer = new SubnetCompleter();
        completer.admin = Fixtures.server();

        assertThat(candidates(completer, "")).containsExactly("192.0.2.0/24", "198.51.100.0/24");
        assertThat(candidates(completer, "19")).containsExactly("192.0.2.0/24", "198.51.100.0/24");
        assertThat(candidates(completer, "192")).containsExactly("192.0.2.0/24");
    }

    @Test
    void statesAreEveryBindingState() {
        assertThat(candidates(new StateCompleter(), "")).containsExactlyInAnyOrder(
                "free", "active", "expired", "released", "abandoned", "reset", "backup", "offered");
        assertThat(candidates(new StateCompleter(), "re")).containsExactly("released", "reset");
    }

    /** A command line whose cursor is at the end of its only word. */
    private record TypedWord(String word) implements CommandLine {
        @Override
        public int getCursorArgumentIndex() {
            return 0;
        }

        @Override
        public String getCursorArgument() {
            return word;
        }

        @Override
        public int getArgumentPosition() {
            return word.length();
        }

        @Override
        public String[] getArguments() {
            return new String[] {word};
        }

        @Override
        public int getBufferPosition() {
            return word.length();
        }

        @Override
        public String getBuffer() {
            return word;
        }
    }
}
