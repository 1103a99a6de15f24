package io.tandem.io.netty;

import java.lang.annotation.Annotation;

/** A ServerConfig as Config Admin would deliver it, with the annotation's defaults unless set. */
final class TestConfig implements ServerConfig {

    private String[] interfaces = {"lo"};
    private int port = 67;
    private int clientPort = 68;
    private int relayPort = 67;
    private int maxPendingRequests = 10_000;
    private int receiveBufferBytes = 4 << 20;

    TestConfig interfaces(String... names) {
        interfaces = names;
        return this;
    }

    TestConfig port(int value) {
        port = value;
        return this;
    }

    TestConfig clientPort(int value) {
        clientPort = value;
        return this;
    }

    TestConfig relayPort(int value) {
        relayPort = value;
        return this;
    }

    TestConfig maxPendingRequests(int value) {
        maxPendingRequests = value;
        return this;
    }

    TestConfig receiveBufferBytes(int value) {
        receiveBufferBytes = value;
        return this;
    }

    @Override
    public String[] interfaces() {
        return interfaces;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public int clientPort() {
        return clientPort;
    }

    @Override
    public int relayPort() {
        return relayPort;
    }

    @Override
    public int maxPendingRequests() {
        return maxPendingRequests;
    }

    @Override
    public int receiveBufferBytes() {
        return receiveBufferBytes;
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return ServerConfig.class;
    }
}
