package io.tandem.core;

import static io.tandem.core.EngineFixture.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import io.tandem.api.model.BindingState;
import io.tandem.protocol.DhcpMessage;
import io.tandem.protocol.Ipv4Address;
import io.tandem.protocol.MessageType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lease end whose commit fails is not forgotten: the sweep tries it again shortly after. */
class ExpiryRetryTest {

    @TempDir
    Path directory;

    @Test
    void an_expiry_whose_commit_fails_is_retried() throws Exception {
        try (EngineFixture server = new EngineFixture(directory, List.of(EngineFixture.demoSubnet()))) {
            TestClient client = new TestClient(1);
            Ipv4Address offered = server.send(client.discover()).orElseThrow().yiaddr();
            DhcpMessage ack = server.send(client.select(offered, SERVER)).orElseThrow();
            assertThat(ack.messageType()).contains(MessageType.ACK);

            server.steering().failNext(1);
            server.advanceAndSweep(Duration.ofSeconds(3601));
            assertThat(server.store().get(offered).orElseThrow().state()).isEqualTo(BindingState.ACTIVE);

            server.advanceAndSweep(Engine.EXPIRY_RETRY);
            assertThat(server.store().get(offered).orElseThrow().state()).as("expired on the retry")
                    .isEqualTo(BindingState.EXPIRED);
            InvariantChecker.check(server.engine());
        }
    }
}
