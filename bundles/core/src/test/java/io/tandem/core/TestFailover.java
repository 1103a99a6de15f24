package io.tandem.core;

import io.tandem.api.FailoverService;
import io.tandem.api.FailoverView;
import io.tandem.api.model.Lease;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A failover service whose view the test sets, recording what core tells it. Standalone until told otherwise. */
final class TestFailover implements FailoverService {

    private volatile FailoverView view = FailoverView.STANDALONE;
    final List<Lease> changed = new CopyOnWriteArrayList<>();

    void view(FailoverView next) {
        this.view = next;
    }

    @Override
    public FailoverView view() {
        return view;
    }

    @Override
    public void bindingsChanged(List<Lease> committed) {
        changed.addAll(committed);
    }
}
