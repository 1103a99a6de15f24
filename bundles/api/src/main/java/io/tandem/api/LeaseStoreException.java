package io.tandem.api;

/**
 * The lease store cannot do what was asked: its file is corrupt, foreign or of a newer schema, or a write
 * failed. The message names the file and what is wrong with it.
 */
public class LeaseStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LeaseStoreException(String message) {
        super(message);
    }

    public LeaseStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
