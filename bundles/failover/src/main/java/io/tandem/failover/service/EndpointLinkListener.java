package io.tandem.failover.service;

import io.tandem.failover.link.LinkDownReason;
import io.tandem.failover.link.LinkSession;
import io.tandem.failover.link.PeerLinkListener;
import io.tandem.failover.updates.FailoverEndpoint;
import io.tandem.failover.wire.FailoverMessage;
import java.util.concurrent.Executor;

/**
 * Hands a link's events to the endpoint on the endpoint's own thread, in the order they came. Public for the
 * failover tests that assemble a server as {@link FailoverComponent} does.
 */
public final class EndpointLinkListener implements PeerLinkListener {

    private final FailoverEndpoint endpoint;
    private final Executor loop;
    private final int ownMaxUnacked;

    /**
     * @param ownMaxUnacked the window assumed when the peer's CONNECT or CONNECTACK announces none: our own
     */
    public EndpointLinkListener(FailoverEndpoint endpoint, Executor loop, int ownMaxUnacked) {
        this.endpoint = endpoint;
        this.loop = loop;
        this.ownMaxUnacked = ownMaxUnacked;
    }

    @Override
    public void linkUp(LinkSession session) {
        loop.execute(() -> endpoint.linkUp(session::send,
                session.peer().parameters().maxUnackedUpdates().orElse((long) ownMaxUnacked),
                session.peer().mclt(), session.peer().hashBuckets()));
    }

    @Override
    public void messageReceived(LinkSession session, FailoverMessage message) {
        loop.execute(() -> endpoint.received(message));
    }

    @Override
    public void linkDown(LinkSession session, LinkDownReason reason) {
        if (reason == LinkDownReason.SHUTDOWN) {
            loop.execute(endpoint::stopping);
        } else {
            loop.execute(() -> endpoint.linkDown(reason.toString()));
        }
    }
}
