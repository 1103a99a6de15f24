package io.tandem.failover.wire;

/**
 * One failover message: its header and the options of its type, each typed and absent when it was not sent. The
 * decoder does not require any option: which absences are an error (and with which reject reason) is the protocol
 * layer's decision, as in ISC.
 */
public sealed interface FailoverMessage permits PoolRequest, PoolResponse, BindingUpdate, BindingAck, Connect,
        ConnectAck, UpdateRequestAll, UpdateDone, UpdateRequest, State, Contact, Disconnect {

    Header header();

    MessageType type();
}
